namespace FacePortal.Web.Imports;

/// <summary>
/// Starts imports into a gallery; each runs as a background job ("import") and returns its job id at once.
/// Uploaded bytes are first saved under the data folder, so a restart can resume the job.
/// </summary>
public sealed class ImportService
{
    /// <summary>A zip with one folder per identity (the LFW layout works as is).</summary>
    public Task<int> ImportZipAsync(int galleryId, Stream zip, string fileName, string? user, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>Browser upload: many images into one identity (created when new).</summary>
    public Task<int> ImportFilesAsync(int galleryId, string identity, IReadOnlyList<(string Name, Stream Content)> files, string? user, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>A folder on the server: one sub-folder per identity.</summary>
    public Task<int> ImportServerFolderAsync(int galleryId, string folder, string? user, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>A CSV manifest <c>path,identity[,tag columns...]</c>, paths relative to <paramref name="baseFolder"/>.</summary>
    public Task<int> ImportCsvAsync(int galleryId, Stream csv, string baseFolder, string? user, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
