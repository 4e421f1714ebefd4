namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>Files uploaded from the browser into one identity, saved under the upload folder by number.</summary>
internal sealed class FilesImportSource(string uploadFolder, string identity, IReadOnlyList<UploadedFile> files, long maxFileBytes) : IImportSource
{
    public IEnumerable<PlannedItem> Plan(CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            yield return file.Error is not null
                ? PlannedItem.Refused(file.Name, file.Error)
                : new PlannedItem(file.Name, identity, new ItemExtra { Stored = file.Stored });
        }
    }

    public byte[] Read(string source, ItemExtra extra, CancellationToken cancellationToken)
    {
        if (extra.Stored is not { Length: > 0 } stored || !stored.All(char.IsAsciiDigit))
        {
            throw new ImportItemException("the uploaded file is missing");
        }
        return BoundedRead.ReadFile(Path.Combine(uploadFolder, stored), maxFileBytes, cancellationToken);
    }

    public void Dispose()
    {
    }
}
