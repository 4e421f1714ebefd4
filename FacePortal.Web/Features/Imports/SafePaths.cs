namespace FacePortal.Web.Features.Imports;

/// <summary>Checks on relative names that come from users (zip entries, CSV paths) before anything looks them up.</summary>
public static class SafePaths
{
    /// <summary>
    /// The name split into segments ('\' read as '/'), or the reason it is refused: absolute paths, drive letters,
    /// UNC names, ".." segments and control characters.
    /// </summary>
    public static string[] Segments(string name, out string? refused)
    {
        refused = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            refused = "empty name";
            return [];
        }
        if (name.Any(char.IsControl))
        {
            refused = "the name contains control characters";
            return [];
        }
        var normal = name.Replace('\\', '/');
        if (normal.StartsWith('/'))
        {
            refused = "absolute path";
            return [];
        }
        if (normal.Length >= 2 && char.IsAsciiLetter(normal[0]) && normal[1] == ':')
        {
            refused = "path with a drive letter";
            return [];
        }
        var segments = normal.Split('/');
        if (segments.Any(s => s == ".."))
        {
            refused = "path with '..'";
            return [];
        }
        if (segments.Any(s => s.Contains(':')))
        {
            // NTFS alternate streams and stray drive specs have no place in a relative image path.
            refused = "path with ':'";
            return [];
        }
        return segments.Where(s => s.Length > 0 && s != ".").ToArray();
    }

    /// <summary>The full path of the segments under <paramref name="baseFolder"/>, or null when it would leave it.</summary>
    public static string? Under(string baseFolder, IEnumerable<string> segments)
    {
        var root = Path.GetFullPath(baseFolder);
        var full = Path.GetFullPath(Path.Combine([root, .. segments]));
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) ? full : null;
    }
}
