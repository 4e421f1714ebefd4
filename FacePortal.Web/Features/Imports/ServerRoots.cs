namespace FacePortal.Web.Features.Imports;

/// <summary>
/// The server folders imports may read (<see cref="ImportOptions.ServerRoots"/>): a server folder or a CSV base
/// folder must lie in one of them, and so must every file read, with symbolic links resolved to their final
/// targets. The portal's data folder is never readable this way, even under a root. No roots: server-folder and
/// CSV-manifest imports are off.
/// </summary>
public sealed class ServerRoots
{
    public const string Setting = ImportOptions.Section + ":" + nameof(ImportOptions.ServerRoots);

    private readonly string[] _resolved;
    private readonly string _data;

    public ServerRoots(IEnumerable<string> roots, string dataDirectory)
    {
        Configured = roots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => Path.GetFullPath(r.Trim())).Distinct(StringComparer.Ordinal).ToArray();
        _resolved = Configured.Select(SafePaths.Resolve).ToArray();
        _data = SafePaths.Resolve(dataDirectory);
    }

    /// <summary>The roots as configured (full paths), for people to choose from.</summary>
    public IReadOnlyList<string> Configured { get; }

    public bool Enabled => Configured.Count > 0;

    /// <summary>
    /// The request check: the folder's resolved full path when it exists inside a root, else an
    /// <see cref="ImportRequestException"/> that says why and names the setting.
    /// </summary>
    public string RequireFolder(string? folder, string what)
    {
        if (!Enabled)
        {
            throw new ImportRequestException(ImportProblem.Invalid,
                $"Server-folder and CSV-manifest imports are off: no folder is configured in {Setting}. An administrator can name the folders imports may read there.");
        }
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ImportRequestException(ImportProblem.Invalid, $"A {what} on the server is required (inside {Describe()}).");
        }
        var text = folder.Trim();
        if (text.Any(char.IsControl) || !Path.IsPathFullyQualified(text))
        {
            throw new ImportRequestException(ImportProblem.Invalid, $"The {what} must be an absolute path inside {Describe()}.");
        }
        if (text.Replace('\\', '/').Split('/').Any(s => s == ".."))
        {
            throw new ImportRequestException(ImportProblem.Invalid, $"The {what} may not contain '..': name a folder inside {Describe()}.");
        }
        string full, resolved;
        try
        {
            full = Path.GetFullPath(text);
            resolved = SafePaths.Resolve(full);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw new ImportRequestException(ImportProblem.Invalid, $"'{folder}' is not a usable path: {e.Message}");
        }
        if (Refuse(resolved) is { } refused)
        {
            var via = resolved == full ? "" : $" (it links to {resolved})";
            throw new ImportRequestException(ImportProblem.Invalid, $"The {what} {full}{via} {refused}.");
        }
        return Directory.Exists(resolved)
            ? resolved
            : throw new ImportRequestException(ImportProblem.Invalid, $"The {what} {full} does not exist on the server.");
    }

    /// <summary>
    /// The per-file check, made again when each file is read: the file's resolved path when it may be read, else
    /// an <see cref="ImportItemException"/> (that one file is refused).
    /// </summary>
    public string RequireFile(string path)
    {
        string resolved;
        try
        {
            resolved = SafePaths.Resolve(path);
        }
        catch (IOException e)
        {
            throw new ImportItemException($"the path cannot be resolved: {e.Message}");
        }
        return Refuse(resolved) is { } refused
            ? throw new ImportItemException(resolved == Path.GetFullPath(path) ? $"the file {refused}" : $"the file links to {resolved}, which {refused}")
            : resolved;
    }

    /// <summary>Why a resolved path may not be read, or null when it may.</summary>
    public string? Refuse(string resolved)
    {
        if (!_resolved.Any(root => SafePaths.IsWithin(resolved, root)))
        {
            return $"is outside the folders imports may read ({Setting}: {Describe()})";
        }
        return SafePaths.IsWithin(resolved, _data) || SafePaths.IsWithin(_data, resolved)
            ? "holds the portal's own data folder, which imports may not read"
            : null;
    }

    private string Describe() => Enabled ? string.Join(", ", Configured) : "none configured";
}
