using System.Globalization;
using System.Text.RegularExpressions;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// How pairs files name images: paths relative to an images root laid out one folder per identity
/// ("identity/file.jpg"), and LFW's own rule for that layout ("Name/Name_0001.jpg"). Paths read from a file are
/// normalised: '/' separators, no '.' or empty segments; absolute paths and '..' segments are refused because
/// every path must stay inside the images root it is resolved against.
/// </summary>
public static partial class RelativeImagePath
{
    /// <summary>"identity/file.jpg" for an image: the LFW layout, whatever folder the file was imported from.</summary>
    public static string Of(string identity, string originalName) =>
        identity + "/" + Path.GetFileName(originalName.Replace('\\', '/'));

    /// <summary>The image LFW means by (name, index): "name/name_0001.jpg".</summary>
    public static string Lfw(string name, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}/{name}_{index:D4}.jpg");

    /// <summary>The (name, index) of an LFW image path "Name/Name_0001.jpg" (also .jpeg, any case); false for any other path.</summary>
    public static bool TryParseLfw(string relative, out string name, out int index)
    {
        var m = LfwFile().Match(relative);
        if (!m.Success || m.Groups[1].Value != m.Groups[2].Value)
        {
            (name, index) = ("", 0);
            return false;
        }
        (name, index) = (m.Groups[1].Value, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The normalised path, or null with <paramref name="error"/> set.</summary>
    public static string? Normalize(string raw, out string? error)
    {
        var p = raw.Trim().Replace('\\', '/');
        if (p.Length == 0)
        {
            error = "empty image path";
            return null;
        }

        if (p[0] == '/' || (p.Length >= 2 && p[1] == ':' && char.IsAsciiLetter(p[0])))
        {
            error = $"absolute image path '{raw}' (paths must be relative to the images root)";
            return null;
        }

        var segments = p.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Contains(".."))
        {
            error = $"image path '{raw}' contains a '..' segment (paths must stay inside the images root)";
            return null;
        }

        var kept = segments.Where(s => s != ".").ToArray();
        if (kept.Length == 0)
        {
            error = $"image path '{raw}' names no file";
            return null;
        }

        error = null;
        return string.Join('/', kept);
    }

    [GeneratedRegex(@"^([^/]+)/([^/]+)_(\d{4})\.jpe?g$", RegexOptions.IgnoreCase)]
    private static partial Regex LfwFile();
}
