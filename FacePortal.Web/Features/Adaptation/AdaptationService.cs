using System.Security.Claims;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// The adaptation page's and API's one service: the models and the split a request would get, starting an
/// adaptation job (everything checked first, so a bad request costs nothing), and a job's status and result.
/// </summary>
public sealed class AdaptationService(IDbContextFactory<PortalDbContext> databases, FaceEngineHost host, JobService jobs, AdaptationFiles files,
    EvaluationService evaluations)
{
    /// <summary>Loaded embedding models (any can be a base, an adapted one too).</summary>
    public async Task<IReadOnlyList<string>> ModelsAsync(CancellationToken cancellationToken) =>
        [.. (await host.GetAsync(cancellationToken)).EmbeddingModelNames.Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<(int Id, string Name)>> GalleriesAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.Galleries.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Name))];
    }

    /// <summary>The identity split the request would train and test on.</summary>
    public async Task<SplitCounts> SplitAsync(int galleryId, string? baseModel, double fraction, int seed, CancellationToken cancellationToken)
    {
        var signature = await SignatureAsync(baseModel, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Galleries.AnyAsync(g => g.Id == galleryId, cancellationToken))
        {
            throw new AdaptationException($"There is no gallery {galleryId}.");
        }
        var (samples, missing) = await AdaptationData.LoadAsync(db, galleryId, signature, cancellationToken);
        if (samples.Count == 0)
        {
            throw new AdaptationException($"No image of gallery {galleryId} has a descriptor of {baseModel ?? "the engine's model"} yet: embed the gallery with it first (gallery page, Models).");
        }
        return AdaptationData.Split(samples, missing, fraction, seed).Counts;
    }

    /// <summary>Checks everything a job would need, then queues it; returns the job id.</summary>
    public async Task<int> StartAsync(AdaptationRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var who = Editors.Require(user);
        try
        {
            request.Training().Validate();
        }
        catch (ArgumentException e)
        {
            throw new AdaptationException(e.Message);
        }
        if (request.HeldOutPairs is < 10 or > 100_000)
        {
            throw new AdaptationException($"heldOutPairs must be 10..100000 (got {request.HeldOutPairs}).");
        }
        if (request.LastBlock && !(request.BlockLearningRateOrDefault > 0 && request.BlockLearningRateOrDefault <= 1))
        {
            throw new AdaptationException($"blockLearningRate must be in (0, 1] (got {request.BlockLearningRate}).");
        }
        var engine = await host.GetAsync(cancellationToken);
        var baseModel = string.IsNullOrWhiteSpace(request.BaseModel) ? engine.Pipeline.Model.Name : request.BaseModel.Trim();
        if (request.LastBlock)
        {
            LastBlockData.CheckSupported(FaceDescriber.For(engine, baseModel).Pipeline);
        }
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            var name = request.Name.Trim();
            try
            {
                AdaptedModelStore.CheckName(name);
            }
            catch (ArgumentException e)
            {
                throw new AdaptationException(e.Message);
            }
            if (engine.EmbeddingModelNames.Contains(name, StringComparer.Ordinal) || AdaptedModelStore.List(engine.Options.Models).Any(m => m.Name == name))
            {
                throw new AdaptationException($"A model named \"{name}\" exists already: choose another name.");
            }
        }
        var split = await SplitAsync(request.GalleryId, baseModel, request.FractionOrDefault, request.SeedOrDefault, cancellationToken);
        if (split.HeldOutIdentities < 2)
        {
            throw new AdaptationException($"Only {split.HeldOutIdentities} identity is held out: the before/after evaluation needs at least 2 (hold out a larger fraction).");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.Where(g => g.Id == request.GalleryId).Select(g => g.Name).FirstAsync(cancellationToken);
        var parameters = request with { BaseModel = baseModel, Name = request.Name?.Trim() };
        return await jobs.EnqueueAsync(AdaptationJobHandler.JobKind, $"Adapt {baseModel} to {gallery}", parameters.ToJson(), who, cancellationToken);
    }

    public async Task<bool> CancelAsync(int jobId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        Editors.Require(user);
        return await jobs.CancelAsync(jobId, cancellationToken);
    }

    /// <summary>Null when there is no adaptation job of that id.</summary>
    public async Task<AdaptationStatus?> GetAsync(int jobId, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(jobId, cancellationToken);
        if (job is null || job.Kind != AdaptationJobHandler.JobKind)
        {
            return null;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var errors = await db.JobErrors.CountAsync(e => e.JobId == jobId, cancellationToken);
        var result = await files.ReadAsync(jobId, cancellationToken);
        var before = result?.BaseRunId is { } b ? await evaluations.GetDtoAsync(b, cancellationToken) : null;
        var after = result?.AdaptedRunId is { } a ? await evaluations.GetDtoAsync(a, cancellationToken) : null;
        return new AdaptationStatus(JobProgress.From(job, errors), result, before, after);
    }

    /// <summary>The latest adaptation jobs, newest first.</summary>
    public async Task<IReadOnlyList<int>> RecentJobsAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.Kind == AdaptationJobHandler.JobKind).OrderByDescending(j => j.Id).Select(j => j.Id).Take(take).ToListAsync(cancellationToken);
    }

    private async Task<string> SignatureAsync(string? model, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        try
        {
            return FaceDescriber.For(engine, string.IsNullOrWhiteSpace(model) ? null : model.Trim()).Signature;
        }
        catch (UnknownModelException e)
        {
            throw new AdaptationException(e.Message);
        }
    }
}
