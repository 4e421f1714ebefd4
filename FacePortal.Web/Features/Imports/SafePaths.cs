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

    /// <summary>
    /// The full path with every symbolic link on the way resolved to its final target (a folder link part way, the
    /// file at the end); parts that do not exist are kept as they are. Throws <see cref="IOException"/> on link loops.
    /// </summary>
    public static string Resolve(string path) => Resolve(path, 0);

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both full, resolved paths).</summary>
    public static bool IsWithin(string path, string folder)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(folder);
        if (path.Equals(trimmed, StringComparison.Ordinal))
        {
            return true;
        }
        var prefix = Path.EndsInDirectorySeparator(trimmed) ? trimmed : trimmed + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string Resolve(string path, int depth)
    {
        if (depth > 40)
        {
            throw new IOException($"Too many levels of symbolic links resolving {path}.");
        }
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is not null)
                {
                    // The final target's own parent folders may be links as well.
                    next = Resolve(target.FullName, depth + 1);
                }
            }
            current = next;
        }
        return current;
    }
}
