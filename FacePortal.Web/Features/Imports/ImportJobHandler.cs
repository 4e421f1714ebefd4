using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Imports.Processing;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Runs an import job: the first run plans (<see cref="ImportPlanner"/>); every run then works through the items not
/// done in batches (<see cref="ImportBatches"/>: read, hash and decode ahead; de-duplicate and analyse; behind the
/// analysis, store, write each batch in one transaction, so a restart neither repeats nor loses an image, and keep the
/// chips); at the end the activity entry (<see cref="ImportSummary"/>). Bad files never stop the import; a
/// cancelled or failed job deletes its uploads.
/// </summary>
public sealed class ImportJobHandler(
    FaceEngineHost engineHost,
    ImageStore store,
    ImageFileGuard files,
    FaceCrops crops,
    GalleryModelService galleryModels,
    IOptions<PortalOptions> portal,
    IOptions<ImportOptions> options,
    ILogger<ImportJobHandler> logger) : IJobHandler
{
    public const string JobKind = "import";

    private readonly ImportBatches _batches = new(store, files, new ImportAnalyser(logger), new ImportChips(crops, logger), Math.Max(1, options.Value.BatchSize), logger);
    private readonly ImportSummary _summary = new(logger);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = ImportParameters.Parse(context.Parameters);
        var uploads = parameters.UploadFolder(portal.Value.DataDirectory);
        try
        {
            if (await CancelRequestedAsync(context))
            {
                // Cancelled while a restart was under way.
                throw new OperationCanceledException();
            }
            var engine = await engineHost.GetAsync(cancellationToken);
            using var source = ImportSources.Create(parameters, uploads, options.Value, new ServerRoots(options.Value.ServerRoots, portal.Value.DataDirectory), engine.Decoder.Options.MaxFileBytes);
            await ImportPlanner.PlanAsync(context, parameters, source, cancellationToken);
            await _batches.ProcessAsync(context, parameters, source, engine, cancellationToken);
            await _summary.RecordAsync(context, parameters, "import", null);
            // Imports describe with the engine's default model: a gallery on another model gets its descriptors next.
            await galleryModels.EmbedNewFacesAsync(parameters.GalleryId, context.User, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            if (await CancelRequestedAsync(context))
            {
                await _summary.RecordAsync(context, parameters, "import", "cancelled");
                DeleteUploads(uploads);
                // Its in-flight files are now unreferenced: the image file sweeper removes them after the grace period.
                await files.ReleaseJobAsync(context.JobId, CancellationToken.None);
            }
            // Otherwise the portal is stopping: the uploads stay for the resumed job.
            throw;
        }
        catch (Exception e)
        {
            await _summary.RecordAsync(context, parameters, "import", "failed: " + e.Message);
            DeleteUploads(uploads);
            await files.ReleaseJobAsync(context.JobId, CancellationToken.None);
            throw;
        }
        DeleteUploads(uploads);
        await files.ReleaseJobAsync(context.JobId, CancellationToken.None);
    }

    private static async Task<bool> CancelRequestedAsync(JobContext context)
    {
        await using var db = await context.Databases.CreateDbContextAsync(CancellationToken.None);
        return await db.Jobs.Where(j => j.Id == context.JobId).Select(j => j.CancelRequested).FirstOrDefaultAsync();
    }

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
