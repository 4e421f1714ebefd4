using System.Diagnostics;
using System.Security.Claims;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// The stored gallery analysis: computes it (for the gallery-analysis job), queues a refresh, and reads it back with
/// its status. The model is the one most of the gallery's primary faces have descriptors of, as for every curation list.
/// </summary>
public sealed class GalleryAnalysisService(IDbContextFactory<PortalDbContext> databases, JobService jobs, IOptions<GalleryOptions> options, TimeProvider time)
{
    public GalleryOptions Options => options.Value;

    /// <summary>Queues a gallery-analysis job (or returns the one already queued or running for the gallery and model).</summary>
    public async Task<int> RefreshAsync(int galleryId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var name = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Name).FirstOrDefaultAsync(cancellationToken)
            ?? throw new GalleryException("The gallery no longer exists (deleted meanwhile?).");
        var model = await FaceDescriptors.MostCommonModelAsync(db, galleryId, null, cancellationToken)
            ?? throw new GalleryException("No face of this gallery has a descriptor yet: import or embed it first.");
        var parameters = new GalleryAnalysisParameters(galleryId, model).ToJson();
        if (await PendingJobAsync(db, parameters, cancellationToken) is { } pending)
        {
            return pending;
        }
        return await jobs.EnqueueAsync(GalleryAnalysisJobHandler.JobKind, $"Analyse {name}", parameters, who, cancellationToken);
    }

    /// <summary>The status of the gallery's analysis (not computed yet: <see cref="GalleryAnalysisStatus.Computed"/> false); null for an unknown gallery.</summary>
    public async Task<GalleryAnalysisStatus?> StatusAsync(int galleryId, CancellationToken cancellationToken) =>
        (await LoadAsync(galleryId, withResult: false, cancellationToken))?.Status;

    /// <summary>The status and the stored lists (null when not computed yet); null for an unknown gallery.</summary>
    public async Task<(GalleryAnalysisStatus Status, GalleryAnalysisResult? Result)?> LoadAsync(int galleryId, bool withResult, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Galleries.AnyAsync(g => g.Id == galleryId, cancellationToken))
        {
            return null;
        }
        // The newest stored analysis names its model, so a page open runs no query over the gallery's descriptors;
        // only a gallery never analysed asks which model an analysis would use.
        // Without the JSON: a status is read on every page open, the lists only where they are shown.
        var stored = await db.GalleryAnalyses.AsNoTracking().Where(a => a.GalleryId == galleryId).OrderByDescending(a => a.ComputedAt)
            .Select(a => new { a.Id, a.Model, a.Version, a.ComputedAt, a.Faces, a.Approximate, a.Recall, a.Threshold, a.Seconds })
            .FirstOrDefaultAsync(cancellationToken);
        var model = stored?.Model ?? await FaceDescriptors.MostCommonModelAsync(db, galleryId, null, cancellationToken);
        int? pending = model is null ? null : await PendingJobAsync(db, new GalleryAnalysisParameters(galleryId, model).ToJson(), cancellationToken);
        if (stored is null)
        {
            return (new GalleryAnalysisStatus(galleryId, model, null, 0, false, null, null, null, true, pending), null);
        }
        var stale = stored.Version != await VersionAsync(db, galleryId, stored.Model, cancellationToken);
        var status = new GalleryAnalysisStatus(galleryId, model, stored.ComputedAt, stored.Faces, stored.Approximate, stored.Recall, stored.Threshold, stored.Seconds, stale, pending);
        if (!withResult)
        {
            return (status, null);
        }
        var json = await db.GalleryAnalyses.AsNoTracking().Where(a => a.Id == stored.Id).Select(a => a.Json).SingleAsync(cancellationToken);
        return (status, GalleryAnalysisResult.FromJson(json));
    }

    /// <summary>
    /// Runs the analysis of one gallery and model and stores it (replacing the previous one); false when the gallery
    /// has no descriptors of the model. <paramref name="report"/> gets (done, total, stage).
    /// </summary>
    public async Task<bool> ComputeAsync(int galleryId, string model, int? jobId, Func<int, int, string, Task>? report, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        report ??= (_, _, _) => Task.CompletedTask;
        string version;
        List<AnalysisFace> faces;
        List<HashedImage> images;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            // Read before the faces: a change made while the job runs leaves the result stale, never falsely fresh.
            version = await VersionAsync(db, galleryId, model, cancellationToken)
                ?? throw new GalleryException($"Gallery {galleryId} no longer exists.");
            await report(0, 0, "reading the gallery's descriptors");
            var rows = await db.PrimaryFor(model).Where(d => d.Face!.Image!.GalleryId == galleryId && !d.Face.Image.Excluded)
                .OrderBy(d => d.Face!.ImageId)
                .Select(d => new { d.Face!.ImageId, d.Face.Image!.IdentityId, d.Face.Index, d.Face.Image.ContentHash, d.Face.Sharpness, d.Vector })
                .ToListAsync(cancellationToken);
            // One descriptor length: a row of another length (a broken import) cannot be compared and is left out.
            var dimension = rows.GroupBy(r => r.Vector.Length).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            faces = [.. rows.Where(r => r.Vector.Length == dimension && dimension > 0)
                .Select(r => new AnalysisFace(r.ImageId, r.IdentityId, r.Index, r.ContentHash, r.Sharpness > 0 ? r.Sharpness : double.NaN, r.Vector))];
            images = await db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId)
                .Select(i => new HashedImage(i.Id, i.IdentityId, i.ContentHash)).ToListAsync(cancellationToken);
        }
        if (faces.Count == 0)
        {
            return false;
        }
        var threshold = await DefaultThreshold.OperatingPointAsync(databases, ModelName(model), Options.Metric, cancellationToken) is { } point
            ? point.Distance
            : Options.AnalysisDefectDistance;
        var pendingReport = Task.CompletedTask;
        var outcome = await Task.Run(() => GalleryAnalyzer.Analyse(faces, images, Options.Metric, threshold, Options,
            (done, total, stage) =>
            {
                // Progress from the computing thread: one report at a time, the rest dropped (the next one says more).
                if (pendingReport.IsCompleted)
                {
                    pendingReport = report(done, total, stage);
                }
            }, cancellationToken), cancellationToken);
        await pendingReport;
        var json = outcome.Result.ToJson();
        await using (var db = await databases.CreateDbContextAsync(CancellationToken.None))
        {
            if (!await db.Galleries.AnyAsync(g => g.Id == galleryId, CancellationToken.None))
            {
                throw new GalleryException($"Gallery {galleryId} was deleted while it was being analysed.");
            }
            var row = await db.GalleryAnalyses.FirstOrDefaultAsync(a => a.GalleryId == galleryId && a.Model == model, CancellationToken.None);
            if (row is null)
            {
                row = new GalleryAnalysis { GalleryId = galleryId, Model = model, Version = version, Json = json };
                db.GalleryAnalyses.Add(row);
            }
            row.Version = version;
            row.Json = json;
            row.ComputedAt = time.GetUtcNow();
            row.JobId = jobId;
            row.Faces = faces.Count;
            row.Approximate = outcome.Approximate;
            row.Recall = double.IsNaN(outcome.Recall) ? null : outcome.Recall;
            row.Threshold = threshold;
            row.Seconds = clock.Elapsed.TotalSeconds;
            // Not an activity entry: that would move the gallery's version and make the fresh result stale at once
            // (a GalleryAnalysis row moves no version).
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return true;
    }

    /// <summary>
    /// The version a result is compared with: the gallery's version for the model. Every change of the gallery's images,
    /// faces, identities or the model's descriptors moves it, so it moves with everything the lists depend on; two
    /// primary-key reads.
    /// </summary>
    private static async Task<string?> VersionAsync(PortalDbContext db, int galleryId, string model, CancellationToken ct) =>
        (await GalleryVersion.ReadAsync(db, galleryId, model, ct))?.Token;

    private static async Task<int?> PendingJobAsync(PortalDbContext db, string parameters, CancellationToken ct) =>
        await db.Jobs.AsNoTracking()
            .Where(j => j.Kind == GalleryAnalysisJobHandler.JobKind && j.Parameters == parameters && (j.State == JobState.Queued || j.State == JobState.Running))
            .OrderByDescending(j => j.Id).Select(j => (int?)j.Id).FirstOrDefaultAsync(ct);

    // A signature starts with the model's name, which operating points are saved under.
    private static string ModelName(string signature) => signature.Split(':', 2)[0];
}
