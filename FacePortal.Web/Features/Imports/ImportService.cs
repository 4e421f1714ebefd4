using System.Security.Claims;
using FacePortal.Engine;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Starts imports into a gallery; each runs as a background job ("import") and returns its job id at once.
/// Uploaded bytes are first saved under <c>&lt;DataDirectory&gt;/uploads/&lt;guid&gt;/</c> with fixed names (never the
/// sender's), so a restart can resume the job; the job deletes the folder when it ends. Requests that cannot start
/// throw <see cref="ImportRequestException"/>; viewers are refused (<see cref="Editors.Require"/>).
/// </summary>
public sealed class ImportService(
    IDbContextFactory<PortalDbContext> databases,
    JobService jobs,
    IOptions<PortalOptions> portal,
    IOptions<FaceEngineOptions> engineOptions,
    IOptions<ImportOptions> options)
{
    private const int MaxFileNameLength = 300;

    private ImportOptions Limits => options.Value;

    /// <summary>The server folders server-folder and CSV imports may read (<see cref="ImportOptions.ServerRoots"/>).</summary>
    public ServerRoots Roots => new(options.Value.ServerRoots, portal.Value.DataDirectory);

    /// <summary>A zip with one folder per identity (the LFW layout works as is).</summary>
    public Task<int> ImportZipAsync(int galleryId, Stream zip, string fileName, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ImportZipAsync(galleryId, zip, fileName, false, user, cancellationToken);

    /// <summary>The same; <paramref name="unlabelled"/>: any layout, every face kept without a name (to be clustered and named).</summary>
    public async Task<int> ImportZipAsync(int galleryId, Stream zip, string fileName, bool unlabelled, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var gallery = await GalleryNameAsync(galleryId, cancellationToken);
        var name = DisplayName(fileName, "upload.zip");
        return await WithUploadFolderAsync(async (id, folder) =>
        {
            await SaveAsync(zip, Path.Combine(folder, ImportParameters.ZipFileName), Limits.MaxUploadBytes, cancellationToken);
            var parameters = new ImportParameters { GalleryId = galleryId, Source = ImportSourceKind.Zip, UploadId = id, DisplayName = name, Unlabelled = unlabelled };
            return await EnqueueAsync(parameters, $"Import {name} into {gallery}{Mode(unlabelled)}", who, cancellationToken);
        });
    }

    /// <summary>Browser upload: many images into one identity (created when new).</summary>
    public Task<int> ImportFilesAsync(int galleryId, string identity, IReadOnlyList<(string Name, Stream Content)> files, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ImportFilesAsync(galleryId, identity, files, false, user, cancellationToken);

    /// <summary>The same; <paramref name="unlabelled"/>: no identity (it is ignored), every face kept without a name.</summary>
    public async Task<int> ImportFilesAsync(int galleryId, string? identity, IReadOnlyList<(string Name, Stream Content)> files, bool unlabelled, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var gallery = await GalleryNameAsync(galleryId, cancellationToken);
        var target = unlabelled ? null : IdentityNames.Clean(identity, Limits.MaxIdentityNameLength)
            ?? throw new ImportRequestException(ImportProblem.Invalid, "An identity name is required.");
        if (files.Count == 0)
        {
            throw new ImportRequestException(ImportProblem.Invalid, "No files to import.");
        }
        if (files.Count > Limits.MaxItems)
        {
            throw new ImportRequestException(ImportProblem.Invalid, $"{files.Count:N0} files; the limit is {Limits.MaxItems:N0}.");
        }
        return await WithUploadFolderAsync(async (id, folder) =>
        {
            var saved = new List<UploadedFile>(files.Count);
            var total = 0L;
            var perFile = engineOptions.Value.Decoder.MaxFileBytes;
            for (var i = 0; i < files.Count; i++)
            {
                var stored = i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
                var name = DisplayName(files[i].Name, stored);
                var written = await TrySaveAsync(files[i].Content, Path.Combine(folder, stored), perFile, cancellationToken);
                if (written is null)
                {
                    saved.Add(new UploadedFile(name, stored, $"the file is larger than the limit of {perFile:N0} bytes"));
                    continue;
                }
                total += written.Value;
                if (total > Limits.MaxUploadBytes)
                {
                    throw TooLarge();
                }
                saved.Add(new UploadedFile(name, stored, null));
            }
            var parameters = new ImportParameters
            {
                GalleryId = galleryId, Source = ImportSourceKind.Files, UploadId = id, Identity = target, Files = saved,
                DisplayName = files.Count == 1 ? saved[0].Name : $"{files.Count} files", Unlabelled = unlabelled,
            };
            return await EnqueueAsync(parameters, $"Import {parameters.DisplayName} into {gallery} / {target ?? UnlabelledHoldingName}", who, cancellationToken);
        });
    }

    /// <summary>A folder on the server: one sub-folder per identity.</summary>
    public Task<int> ImportServerFolderAsync(int galleryId, string folder, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ImportServerFolderAsync(galleryId, folder, false, user, cancellationToken);

    /// <summary>The same; <paramref name="unlabelled"/>: files at the top level too, every face kept without a name.</summary>
    public async Task<int> ImportServerFolderAsync(int galleryId, string folder, bool unlabelled, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var gallery = await GalleryNameAsync(galleryId, cancellationToken);
        var full = Roots.RequireFolder(folder, "folder");
        var parameters = new ImportParameters { GalleryId = galleryId, Source = ImportSourceKind.ServerFolder, Folder = full, DisplayName = full, Unlabelled = unlabelled };
        return await EnqueueAsync(parameters, $"Import {full} into {gallery}{Mode(unlabelled)}", who, cancellationToken);
    }

    private const string UnlabelledHoldingName = FacePortal.Web.Features.Galleries.UnlabelledHolding.Name;

    private static string Mode(bool unlabelled) => unlabelled ? " (unlabelled)" : "";

    /// <summary>A CSV manifest <c>path,identity[,tag columns...]</c>, paths relative to <paramref name="baseFolder"/>.</summary>
    public Task<int> ImportCsvAsync(int galleryId, Stream csv, string baseFolder, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ImportCsvAsync(galleryId, csv, "manifest.csv", baseFolder, user, cancellationToken);

    /// <summary>As <see cref="ImportCsvAsync(int, Stream, string, ClaimsPrincipal, CancellationToken)"/>, naming the manifest in messages.</summary>
    public async Task<int> ImportCsvAsync(int galleryId, Stream csv, string fileName, string baseFolder, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var gallery = await GalleryNameAsync(galleryId, cancellationToken);
        var full = Roots.RequireFolder(baseFolder, "base folder");
        var name = DisplayName(fileName, "manifest.csv");
        return await WithUploadFolderAsync(async (id, folder) =>
        {
            await SaveAsync(csv, Path.Combine(folder, ImportParameters.ManifestFileName), Limits.MaxUploadBytes, cancellationToken);
            var parameters = new ImportParameters { GalleryId = galleryId, Source = ImportSourceKind.Csv, UploadId = id, Folder = full, DisplayName = name };
            return await EnqueueAsync(parameters, $"Import {name} ({full}) into {gallery}", who, cancellationToken);
        });
    }

    private async Task<string> GalleryNameAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ImportRequestException(ImportProblem.GalleryNotFound, $"There is no gallery {galleryId}.");
    }

    private Task<int> EnqueueAsync(ImportParameters parameters, string title, string user, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(ImportJobHandler.JobKind, title.Length > 500 ? title[..500] : title, parameters.ToJson(), user, cancellationToken);

    // A fresh upload folder; removed again when the job cannot be queued.
    private async Task<int> WithUploadFolderAsync(Func<string, string, Task<int>> start)
    {
        var id = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(Path.GetFullPath(portal.Value.DataDirectory), "uploads", id);
        Directory.CreateDirectory(folder);
        try
        {
            return await start(id, folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private ImportRequestException TooLarge() =>
        new(ImportProblem.TooLarge, $"The upload is larger than the limit of {Limits.MaxUploadBytes:N0} bytes.");

    private async Task SaveAsync(Stream content, string path, long max, CancellationToken cancellationToken)
    {
        if (await TrySaveAsync(content, path, max, cancellationToken) is null)
        {
            throw TooLarge();
        }
    }

    // Copies at most max bytes; null (and no file) when the stream holds more.
    private static async Task<long?> TrySaveAsync(Stream content, string path, long max, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long written = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                written += read;
                if (written > max)
                {
                    break;
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        if (written > max)
        {
            File.Delete(path);
            return null;
        }
        return written;
    }

    // The sender's file name, for people to read: never used as a path.
    private static string DisplayName(string? name, string fallback)
    {
        var clean = IdentityNames.Clean(name, MaxFileNameLength);
        return clean ?? fallback;
    }
}
