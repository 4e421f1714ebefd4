using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// "Analyse this gallery" (gallery-analysis jobs): near duplicates, suspected mislabels and the defect lists over the
/// gallery's neighbour index, stored for the pages (<see cref="GalleryAnalysisService.ComputeAsync"/>). One pass with
/// nothing half-written: cancelled, it stores nothing and the previous result stays; after a restart it runs again
/// from the start and replaces the result once, whole.
/// </summary>
public sealed class GalleryAnalysisJobHandler(GalleryAnalysisService analysis, ILogger<GalleryAnalysisJobHandler> logger) : IJobHandler
{
    public const string JobKind = "gallery-analysis";

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var parameters = GalleryAnalysisParameters.Parse(context.Parameters);
        await context.ReportAsync(0, 0, "starting", cancellationToken, force: true);
        var stored = await analysis.ComputeAsync(parameters.GalleryId, parameters.Model, context.JobId,
            (done, total, stage) => context.ReportAsync(done, total, stage, cancellationToken), cancellationToken);
        if (!stored)
        {
            await context.SetMessageAsync("Nothing to analyse: no face of the gallery has a descriptor of the model.", cancellationToken);
            return;
        }
        var status = await analysis.StatusAsync(parameters.GalleryId, cancellationToken);
        logger.LogInformation("Gallery {Gallery} analysed by job {Job}: {Faces} faces in {Seconds:F1} s", parameters.GalleryId, context.JobId, status?.Faces, status?.Seconds);
        await context.ReportAsync(status?.Faces ?? 0, status?.Faces ?? 0,
            $"{status?.Faces:N0} faces analysed in {status?.Seconds:F1} s ({(status?.Approximate == true ? "approximate index" : "exact scan")})", cancellationToken, force: true);
    }
}
