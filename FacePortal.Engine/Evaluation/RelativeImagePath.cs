namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Normalises a pairs-file image path: '/' separators, no '.' or empty segments. Absolute paths and '..'
/// segments are refused because every path must stay inside the images root it is resolved against.
/// </summary>
internal static class RelativeImagePath
{
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
}
