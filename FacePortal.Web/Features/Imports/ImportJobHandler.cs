using FacePortal.Engine;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Runs an import job. The first run plans: every file becomes a <see cref="JobItem"/> (refused files are planned
/// done, with their error) in one transaction. Every run then takes the items not done, in batches: read, hash,
/// skip duplicates, decode, store, analyse the batch with the engine, and write the images and faces, the errors
/// and the items' done marks in one transaction, so a restart neither repeats nor loses an image. Bad files never
/// stop the import; cancellation is honoured between batches (and inside the engine).
/// </summary>
public sealed class ImportJobHandler(
    FaceEngineHost engineHost,
    ImageStore store,
    PortalOptions portal,
    IOptions<ImportOptions> options,
    ILogger<ImportJobHandler> logger) : IJobHandler
{
    public const string JobKind = "import";

    private const int MaxOriginalNameLength = 1000;
    private const string ErrorOutcome = "Error";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = ImportParameters.Parse(context.Parameters);
        var uploads = parameters.UploadFolder(portal.DataDirectory);
        try
        {
            if (await CancelRequestedAsync(context))
            {
                // Cancelled while a restart was under way.
                throw new OperationCanceledException();
            }
            var engine = await engineHost.GetAsync(cancellationToken);
            using var source = CreateSource(parameters, uploads, engine.Decoder.Options.MaxFileBytes);
            await PlanAsync(context, parameters, source, cancellationToken);
            await ProcessAsync(context, parameters, source, engine, cancellationToken);
            await RecordAsync(context, parameters, "import", null);
        }
        catch (OperationCanceledException)
        {
            if (await CancelRequestedAsync(context))
            {
                await RecordAsync(context, parameters, "import", "cancelled");
                DeleteUploads(uploads);
            }
            // Otherwise the portal is stopping: the uploads stay for the resumed job.
            throw;
        }
        catch (Exception e)
        {
            await RecordAsync(context, parameters, "import", "failed: " + e.Message);
            DeleteUploads(uploads);
            throw;
        }
        DeleteUploads(uploads);
    }

    private IImportSource CreateSource(ImportParameters p, string? uploads, long maxFileBytes)
    {
        var limits = options.Value;
        string Upload(string file) => Path.Combine(uploads ?? throw new InvalidOperationException("The import has no upload folder."), file);
        string Folder() => p.Folder ?? throw new InvalidOperationException("The import names no folder.");
        return p.Source switch
        {
            ImportSourceKind.Zip => new ZipImportSource(Upload(ImportParameters.ZipFileName), p.DisplayName ?? "upload.zip", limits, maxFileBytes),
            ImportSourceKind.Files => new FilesImportSource(Upload(""), p.Identity ?? throw new InvalidOperationException("The import names no identity."), p.Files ?? [], maxFileBytes),
            ImportSourceKind.ServerFolder => new FolderImportSource(Folder(), limits, maxFileBytes),
            ImportSourceKind.Csv => new CsvImportSource(Upload(ImportParameters.ManifestFileName), p.DisplayName ?? "manifest.csv", Folder(), limits, maxFileBytes),
            _ => throw new InvalidOperationException($"Unknown import source {p.Source}."),
        };
    }

    // First run only: the items (and the refused files' errors) in one transaction, so planning happens once or not at all.
    private static async Task PlanAsync(JobContext context, ImportParameters p, IImportSource source, CancellationToken ct)
    {
        await using var db = await context.Databases.CreateDbContextAsync(ct);
        if (await db.JobItems.AnyAsync(i => i.JobId == context.JobId, ct))
        {
            return;
        }
        if (!await db.Galleries.AnyAsync(g => g.Id == p.GalleryId, ct))
        {
            throw new InvalidOperationException($"Gallery {p.GalleryId} no longer exists.");
        }
        await context.ReportAsync(0, 0, "listing the files", ct, force: true);
        var items = new List<JobItem>();
        foreach (var planned in source.Plan(ct))
        {
            var refused = planned.Error is not null;
            items.Add(new JobItem
            {
                JobId = context.JobId,
                Source = planned.Source,
                Target = planned.Target,
                Extra = (refused ? planned.Extra with { Outcome = ErrorOutcome } : planned.Extra).ToJson(),
                Done = refused,
            });
            if (refused)
            {
                db.JobErrors.Add(new JobError { JobId = context.JobId, Item = planned.Source, Reason = planned.Error! });
            }
        }
        db.JobItems.AddRange(items);
        var job = await db.Jobs.FirstAsync(j => j.Id == context.JobId, ct);
        job.Total = items.Count;
        job.Done = items.Count(i => i.Done);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task ProcessAsync(JobContext context, ImportParameters p, IImportSource source, FaceEngine engine, CancellationToken ct)
    {
        int total, done, errors;
        Dictionary<string, int> identities;
        await using (var db = await context.Databases.CreateDbContextAsync(ct))
        {
            total = await db.JobItems.CountAsync(i => i.JobId == context.JobId, ct);
            done = await db.JobItems.CountAsync(i => i.JobId == context.JobId && i.Done, ct);
            errors = await db.JobErrors.CountAsync(e => e.JobId == context.JobId, ct);
            identities = await LoadIdentitiesAsync(db, p.GalleryId, ct);
        }
        await context.ReportAsync(done, total, Progress(done, total, errors), ct, force: true);

        var batchSize = Math.Max(1, options.Value.BatchSize);
        var lastId = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            List<JobItem> batch;
            await using (var db = await context.Databases.CreateDbContextAsync(ct))
            {
                batch = await db.JobItems.AsNoTracking()
                    .Where(i => i.JobId == context.JobId && !i.Done && i.Id > lastId)
                    .OrderBy(i => i.Id).Take(batchSize).ToListAsync(ct);
            }
            if (batch.Count == 0)
            {
                break;
            }
            lastId = batch[^1].Id;
            var work = await AnalyseAsync(context, p, source, engine, batch, ct);
            await WriteAsync(context, p, work, identities);
            done += batch.Count;
            errors += work.Count(w => w.Error is not null);
            await context.ReportAsync(done, total, Progress(done, total, errors), ct, force: true);
        }
    }

    private static string Progress(int done, int total, int errors) =>
        errors == 0 ? $"{done:N0} of {total:N0} files" : $"{done:N0} of {total:N0} files, {errors:N0} with errors";

    private static Task<Dictionary<string, int>> LoadIdentitiesAsync(PortalDbContext db, int galleryId, CancellationToken ct) =>
        db.Identities.Where(i => i.GalleryId == galleryId).ToDictionaryAsync(i => i.Name, i => i.Id, StringComparer.Ordinal, ct);

    /// <summary>Everything about one item, worked out before anything is written.</summary>
    private sealed class Work(JobItem item)
    {
        public JobItem Item { get; } = item;
        public ItemExtra Extra { get; } = ItemExtra.Parse(item.Extra);
        public string Name => Item.Source;
        public byte[]? Bytes { get; set; }
        public string? Hash { get; set; }
        public RgbImage? Image { get; set; }
        public ImageFaces? Faces { get; set; }
        public ImageOutcome? Outcome { get; set; }
        public string? ImageError { get; set; }
        public int Width { get; set; }
        public int Height { get; set; }
        public string? Signature { get; set; }

        /// <summary>A job error: set when the file is not imported, or imported as unreadable.</summary>
        public string? Error { get; set; }
    }

    private async Task<List<Work>> AnalyseAsync(JobContext context, ImportParameters p, IImportSource source, FaceEngine engine, List<JobItem> batch, CancellationToken ct)
    {
        var work = batch.Select(i => new Work(i)).ToList();
        foreach (var w in work)
        {
            try
            {
                w.Bytes = source.Read(w.Item.Source, w.Extra, ct);
            }
            catch (ImportItemException e)
            {
                w.Error = e.Message;
            }
        }
        var read = work.Where(w => w.Bytes is not null).ToList();
        Parallel.ForEach(read, new ParallelOptions { CancellationToken = ct }, w => w.Hash = ImageStore.Hash(w.Bytes));

        // Same bytes already in the gallery (as a readable image): a duplicate, not stored twice.
        var hashes = read.Select(w => w.Hash!).Distinct().ToList();
        Dictionary<string, (string Name, string Identity, int Width, int Height)> existing;
        await using (var db = await context.Databases.CreateDbContextAsync(ct))
        {
            existing = (await db.Images.AsNoTracking()
                    .Where(i => i.GalleryId == p.GalleryId && hashes.Contains(i.ContentHash) && i.Outcome != ImageOutcome.Duplicate && i.Outcome != ImageOutcome.Unreadable)
                    .OrderBy(i => i.Id)
                    .Select(i => new { i.ContentHash, i.OriginalName, Identity = i.Identity!.Name, i.Width, i.Height })
                    .ToListAsync(ct))
                .DistinctBy(i => i.ContentHash)
                .ToDictionary(i => i.ContentHash, i => (i.OriginalName, i.Identity, i.Width, i.Height));
        }

        // Within the batch the first copy is decoded; the others follow it (same bytes, same result).
        var firsts = read.Where(w => !existing.ContainsKey(w.Hash!)).DistinctBy(w => w.Hash).ToList();
        var decoder = engine.Decoder;
        Parallel.ForEach(firsts, new ParallelOptions { CancellationToken = ct }, w =>
        {
            try
            {
                w.Image = decoder.Decode(w.Bytes!, Path.GetFileName(w.Name));
                (w.Width, w.Height) = (w.Image.Width, w.Image.Height);
            }
            catch (ImageDecodeException e)
            {
                w.Outcome = ImageOutcome.Unreadable;
                w.ImageError = e.Message;
                w.Error = e.Message;
            }
        });
        var byHash = firsts.ToDictionary(w => w.Hash!);
        foreach (var w in read)
        {
            if (existing.TryGetValue(w.Hash!, out var original))
            {
                MarkDuplicate(w, original.Name, original.Identity, original.Width, original.Height);
            }
            else if (byHash[w.Hash!] is var first && first != w)
            {
                if (first.Image is not null)
                {
                    MarkDuplicate(w, first.Name, first.Item.Target, first.Width, first.Height);
                }
                else
                {
                    (w.Outcome, w.ImageError, w.Error) = (ImageOutcome.Unreadable, first.ImageError, first.ImageError);
                }
            }
        }

        var decoded = firsts.Where(w => w.Image is not null).ToList();
        foreach (var w in decoded)
        {
            await store.SaveAsync(w.Bytes!, ct);
        }
        Analyse(engine.Pipeline, decoded, ct);
        foreach (var w in decoded)
        {
            w.Outcome ??= OutcomeOf(w.Faces!, engine.Pipeline.Options.MinFaceSize);
            w.Signature = engine.Pipeline.Signature;
            w.Image = null; // pixels are not needed any more: let them go before the next batch
        }
        return work;
    }

    private static void MarkDuplicate(Work w, string originalName, string identity, int width, int height)
    {
        w.Outcome = ImageOutcome.Duplicate;
        w.ImageError = $"same content as {originalName} ({identity})";
        (w.Width, w.Height) = (width, height);
    }

    // Once per batch; if the engine throws on the batch, image by image, so one bad image does not sink the rest.
    private void Analyse(FacePipeline pipeline, List<Work> decoded, CancellationToken ct)
    {
        if (decoded.Count == 0)
        {
            return;
        }
        try
        {
            var results = pipeline.Analyze(decoded.Select(w => w.Image!).ToList(), FaceSelection.All, ct);
            for (var i = 0; i < decoded.Count; i++)
            {
                decoded[i].Faces = results[i];
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && decoded.Count > 1)
        {
            logger.LogWarning(e, "The engine failed on a batch of {Count} images; analysing them one by one", decoded.Count);
            foreach (var w in decoded)
            {
                Analyse(pipeline, [w], ct);
            }
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var w = decoded[0];
            w.Faces = new ImageFaces(w.Width, w.Height, [], -1, DetectionRoute.None);
            w.Outcome = ImageOutcome.Unreadable;
            w.ImageError = w.Error = "the face engine failed on this image: " + e.Message;
            return;
        }
    }

    private static ImageOutcome OutcomeOf(ImageFaces faces, double minFaceSize) =>
        faces.Primary is not { } primary ? ImageOutcome.NoFace
        : primary.Size < minFaceSize ? ImageOutcome.FaceTooSmall
        : faces.Faces.Count > 1 ? ImageOutcome.SeveralFaces
        : ImageOutcome.Face;

    // One transaction: identities, images and faces, errors, and the items marked done.
    private static async Task WriteAsync(JobContext context, ImportParameters p, List<Work> work, Dictionary<string, int> identities)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(context, p, work, identities);
                return;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Most likely an identity created meanwhile by someone else (unique name): read them again and retry.
                await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
                if (!await db.Galleries.AnyAsync(g => g.Id == p.GalleryId))
                {
                    throw new InvalidOperationException($"Gallery {p.GalleryId} was deleted during the import.");
                }
                var fresh = await LoadIdentitiesAsync(db, p.GalleryId, CancellationToken.None);
                identities.Clear();
                foreach (var (name, id) in fresh)
                {
                    identities[name] = id;
                }
            }
        }
    }

    private static async Task WriteOnceAsync(JobContext context, ImportParameters p, List<Work> work, Dictionary<string, int> identities)
    {
        // Not cancellable: a batch analysed is a batch written, all of it or nothing.
        await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
        var created = new Dictionary<string, FaceIdentity>(StringComparer.Ordinal);
        var now = context.Now;
        foreach (var w in work)
        {
            if (w.Outcome is { } outcome)
            {
                var image = new GalleryImage
                {
                    GalleryId = p.GalleryId,
                    ContentHash = w.Hash!,
                    OriginalName = w.Name.Length > MaxOriginalNameLength ? w.Name[..MaxOriginalNameLength] : w.Name,
                    Width = w.Width,
                    Height = w.Height,
                    Bytes = w.Bytes!.LongLength,
                    Outcome = outcome,
                    Error = w.ImageError,
                    Excluded = outcome is ImageOutcome.Duplicate or ImageOutcome.Unreadable,
                    PrimaryFaceIndex = w.Faces?.PrimaryIndex ?? -1,
                    ImportedAt = now,
                    Tags = w.Extra.Tags?.ToList() ?? [],
                    Faces = w.Faces is null ? [] : Faces(w).ToList(),
                };
                if (identities.TryGetValue(w.Item.Target, out var identityId))
                {
                    image.IdentityId = identityId;
                }
                else
                {
                    if (!created.TryGetValue(w.Item.Target, out var identity))
                    {
                        identity = new FaceIdentity { GalleryId = p.GalleryId, Name = w.Item.Target, CreatedAt = now };
                        created[w.Item.Target] = identity;
                        db.Identities.Add(identity);
                    }
                    image.Identity = identity;
                }
                db.Images.Add(image);
            }
            if (w.Error is not null)
            {
                db.JobErrors.Add(new JobError { JobId = context.JobId, Item = w.Name, Reason = w.Error });
            }
            var item = new JobItem { Id = w.Item.Id, JobId = w.Item.JobId, Source = w.Item.Source, Target = w.Item.Target, Extra = w.Item.Extra, Done = false };
            db.JobItems.Attach(item);
            item.Done = true;
            item.Extra = (w.Extra with { Outcome = w.Outcome?.ToString() ?? ErrorOutcome }).ToJson();
        }
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var (name, identity) in created)
        {
            identities[name] = identity.Id;
        }
    }

    private static IEnumerable<DetectedFace> Faces(Work w)
    {
        var faces = w.Faces!.Faces;
        for (var f = 0; f < faces.Count; f++)
        {
            var face = faces[f];
            var box = face.Detection.Box;
            var points = face.Landmarks?.Points;
            yield return new DetectedFace
            {
                Index = f,
                X = box.X,
                Y = box.Y,
                Width = box.Width,
                Height = box.Height,
                Score = face.Detection.Score,
                Landmarks = points is null ? [] : points.SelectMany(v => new[] { v.X, v.Y }).ToArray(),
                Sharpness = face.Sharpness ?? 0,
                Yaw = points is null ? 0 : PoseEstimate.Yaw(points),
                DescriptorModel = face.Descriptor is null ? null : w.Signature,
                Descriptor = face.Descriptor,
            };
        }
    }

    private static async Task<bool> CancelRequestedAsync(JobContext context)
    {
        await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
        return await db.Jobs.Where(j => j.Id == context.JobId).Select(j => j.CancelRequested).FirstOrDefaultAsync();
    }

    // The activity entry at the end: what became of the files, counted from the items (so a resumed job counts all).
    private async Task RecordAsync(JobContext context, ImportParameters p, string action, string? ending)
    {
        try
        {
            await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
            var extras = await db.JobItems.Where(i => i.JobId == context.JobId).Select(i => new { i.Extra, i.Done }).ToListAsync();
            var counts = extras.Where(e => e.Done).GroupBy(e => ItemExtra.Parse(e.Extra).Outcome ?? ErrorOutcome)
                .ToDictionary(g => g.Key, g => g.Count());
            var order = Enum.GetNames<ImageOutcome>().Append(ErrorOutcome);
            var parts = order.Where(counts.ContainsKey).Select(o => $"{counts[o]:N0} {Words(o)}");
            var gallery = await db.Galleries.Where(g => g.Id == p.GalleryId).Select(g => g.Name).FirstOrDefaultAsync() ?? $"#{p.GalleryId}";
            var details = $"{p.Source} import of {p.DisplayName} into {gallery} (job {context.JobId})"
                + (ending is null ? "" : $" {ending}") + $": {extras.Count(e => e.Done):N0} of {extras.Count:N0} files"
                + (counts.Count > 0 ? " - " + string.Join(", ", parts) : "");
            var galleryId = await db.Galleries.AnyAsync(g => g.Id == p.GalleryId) ? p.GalleryId : (int?)null;
            ActivityLog.Record(db, context.Now, context.User ?? "system", galleryId, action, details);
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the activity of import job {Id}", context.JobId);
        }
    }

    private static string Words(string outcome) => outcome switch
    {
        nameof(ImageOutcome.Face) => "with a face",
        nameof(ImageOutcome.SeveralFaces) => "with several faces",
        nameof(ImageOutcome.NoFace) => "without a face",
        nameof(ImageOutcome.FaceTooSmall) => "with a face too small",
        nameof(ImageOutcome.Duplicate) => "duplicate",
        nameof(ImageOutcome.Unreadable) => "unreadable",
        _ => "not imported (errors)",
    };

    private void DeleteUploads(string? folder)
    {
        try
        {
            if (folder is not null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete the upload folder {Folder}", folder);
        }
    }
}
