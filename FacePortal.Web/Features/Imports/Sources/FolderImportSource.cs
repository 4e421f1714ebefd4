namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>
/// A folder on the server: <c>&lt;folder&gt;/&lt;Identity&gt;/&lt;image files&gt;</c>, one level of identity folders
/// (the LFW layout). Identity folders and files that lead outside the <see cref="ServerRoots"/> (symbolic links) are
/// refused, checked again as each file is read. Files beside the identity folders and folders inside them are reported, not imported.
/// </summary>
/// <remarks>Unlabelled (<paramref name="unlabelled"/>): files at the top level are taken too; folder names are not read.</remarks>
internal sealed class FolderImportSource(string folder, ImportOptions limits, ServerRoots roots, long maxFileBytes, bool unlabelled = false) : IImportSource
{
    private static readonly EnumerationOptions Listing = new()
    {
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        AttributesToSkip = FileAttributes.System,
    };

    public IEnumerable<PlannedItem> Plan(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder {folder} does not exist (any more).");
        }
        var count = 0;
        foreach (var file in Sorted(Directory.EnumerateFiles(folder, "*", Listing)))
        {
            if (IsClutter(file))
            {
                continue;
            }
            if (!unlabelled)
            {
                yield return PlannedItem.Refused(Path.GetFileName(file), "file beside the identity folders: put the images in one folder per identity");
            }
            else if (++count > limits.MaxItems)
            {
                yield return PlannedItem.Refused(Path.GetFileName(file), $"more than {limits.MaxItems:N0} files: the rest of the folder is not imported");
                yield break;
            }
            else
            {
                yield return new PlannedItem(Path.GetFileName(file), "", new ItemExtra());
            }
        }
        foreach (var directory in Sorted(Directory.EnumerateDirectories(folder, "*", Listing)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var folderName = Path.GetFileName(directory);
            var identity = unlabelled ? "" : IdentityNames.Clean(folderName, limits.MaxIdentityNameLength);
            if (identity is null)
            {
                yield return PlannedItem.Refused(folderName, "the folder name is not a usable identity name");
                continue;
            }
            if (roots.Refuse(SafePaths.Resolve(directory)) is { } outside)
            {
                yield return PlannedItem.Refused(folderName, $"the identity folder {outside}");
                continue;
            }
            foreach (var nested in Sorted(Directory.EnumerateDirectories(directory, "*", Listing)))
            {
                yield return PlannedItem.Refused(folderName + "/" + Path.GetFileName(nested), "folder inside an identity folder: not imported (one level of identity folders)");
            }
            foreach (var file in Sorted(Directory.EnumerateFiles(directory, "*", Listing)))
            {
                if (IsClutter(file))
                {
                    continue;
                }
                if (++count > limits.MaxItems)
                {
                    yield return PlannedItem.Refused(folderName, $"more than {limits.MaxItems:N0} files: the rest of the folder is not imported");
                    yield break;
                }
                yield return new PlannedItem(folderName + "/" + Path.GetFileName(file), identity, new ItemExtra());
            }
        }
    }

    public byte[] Read(string source, ItemExtra extra, CancellationToken cancellationToken)
    {
        if (unlabelled && source.IndexOf('/') < 0)
        {
            // A top-level file of an unlabelled import.
            var top = source is "" or "." or ".." ? null : SafePaths.Under(folder, [source]);
            return top is null
                ? throw new ImportItemException("the path leaves the import folder")
                : BoundedRead.ReadFile(roots.RequireFile(top), maxFileBytes, cancellationToken);
        }
        // Source is "<identity folder>/<file>" as listed here; neither name can hold a '/'.
        var slash = source.IndexOf('/');
        var path = slash > 0 && source.IndexOf('/', slash + 1) < 0
            ? SafePaths.Under(folder, [source[..slash], source[(slash + 1)..]])
            : null;
        return path is null || source[..slash] is "." or ".." || source[(slash + 1)..] is "" or "." or ".."
            ? throw new ImportItemException("the path leaves the import folder")
            : BoundedRead.ReadFile(roots.RequireFile(path), maxFileBytes, cancellationToken);
    }

    public void Dispose()
    {
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> paths) => paths.Order(StringComparer.Ordinal);

    private static bool IsClutter(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') || name is "Thumbs.db" or "desktop.ini";
    }
}
