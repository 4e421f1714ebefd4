using System.Diagnostics;
using FacePortal.Engine.Embedding;
using System.Security.Claims;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Search;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Identification;

/// <summary>1:N: a probe image's faces searched in a gallery's descriptors of one model (asked for, else the gallery's, else the engine's default).</summary>
public sealed class IdentificationService(FaceAnalyzer analyzer, IFaceSearch search, IDbContextFactory<PortalDbContext> databases, GalleryImageLoader images)
{
    /// <summary>Why an upload cannot be searched, from its header (null when it can).</summary>
    public Task<string?> CheckAsync(ImageInput image, CancellationToken cancellationToken) => analyzer.CheckAsync(image, cancellationToken);

    /// <summary>A gallery image's stored bytes as the probe (the face cards' "Identify this face").</summary>
    public Task<GalleryImageInput> LoadGalleryImageAsync(int imageId, CancellationToken cancellationToken) => images.LoadAsync(imageId, cancellationToken);

    public async Task<IReadOnlyList<SearchableGallery>> ListGalleriesAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Galleries.AsNoTracking().OrderBy(g => g.Name)
            .Select(g => new SearchableGallery(g.Id, g.Name, g.Identities.Count(i => !i.Unlabelled), g.Images.Count(i => !i.Identity!.Unlabelled)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Every face of the probe searched in the gallery. Throws <see cref="GalleryNotFoundException"/>,
    /// <see cref="FacePortal.Engine.Imaging.ImageDecodeException"/>, or <see cref="NoFaceException"/> when the
    /// probe has no face that can be measured.
    /// </summary>
    public async Task<IdentificationResult> IdentifyAsync(ImageInput probe, int galleryId, IdentifyOptions options, CancellationToken cancellationToken)
    {
        if (options.K is < 1 or > IdentifyOptions.MaxK)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.K, $"k must lie in 1..{IdentifyOptions.MaxK}.");
        }
        if (options.Threshold is { } t && (!double.IsFinite(t) || t < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), t, "The threshold must be a finite, non-negative distance.");
        }
        var (gallery, model) = await GalleryAsync(galleryId, options.Model, cancellationToken);
        var info = await search.InfoAsync(gallery, cancellationToken);
        var analysis = await analyzer.AnalyzeAsync([probe], options.IncludeCrops, model, cancellationToken);
        var image = analysis.Images[0];
        if (!image.Faces.Any(f => f.HasDescriptor))
        {
            throw new NoFaceException(image.Name, image.Faces.Count == 0
                ? $"No face found in '{image.Name}'."
                : $"The faces found in '{image.Name}' are too small to be measured.");
        }
        var threshold = options.Threshold ?? await DefaultThreshold.ForModelAsync(databases, analysis, cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var faces = new List<FaceIdentification>();
        var searched = 1.0;
        var partial = false;
        foreach (var face in image.Faces)
        {
            if (face.Descriptor is null)
            {
                faces.Add(new FaceIdentification(face, true, []));
                continue;
            }
            var answer = await search.IdentifyAsync(gallery, face.Descriptor, options.K, options.Scoring, cancellationToken);
            var candidates = answer.Candidates;
            info = answer.Index;
            searched = Math.Min(searched, answer.SearchedFraction);
            partial |= answer.Partial;
            faces.Add(new FaceIdentification(face, candidates.Count == 0 || candidates[0].Distance > threshold, candidates));
        }
        faces = IdentificationResult.AssignAt(faces, threshold).ToList();
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new IdentificationResult(image, faces, galleryId, threshold, options.Scoring, info, analysis.Model,
            analysis.ExecutionProvider, analysis.Milliseconds, elapsed.TotalMilliseconds) { SearchedFraction = searched, Partial = partial };
    }

    /// <summary>The size of the gallery's index (and the approximate index's recall once built).</summary>
    public async Task<GalleryIndexInfo> IndexInfoAsync(int galleryId, CancellationToken cancellationToken, string? model = null) =>
        await search.InfoAsync((await GalleryAsync(galleryId, model, cancellationToken)).Search, cancellationToken);

    /// <summary>The embedding models the engine has loaded, by name.</summary>
    public async Task<IReadOnlyList<string>> ModelNamesAsync(CancellationToken cancellationToken) =>
        [.. (await analyzer.EngineAsync(cancellationToken)).EmbeddingModelNames];

    /// <summary>The embedding model Identify uses for the gallery by default (its own, else the engine's); null for an unknown gallery.</summary>
    public async Task<string?> GalleryModelAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().Where(g => g.Id == galleryId).Select(g => new { g.Model }).FirstOrDefaultAsync(cancellationToken);
        return gallery is null ? null : gallery.Model ?? (await analyzer.EngineAsync(cancellationToken)).Pipeline.Model.Name;
    }

    /// <summary>
    /// Rank-1, rank-k, CMC and DIR at FAR over a seeded probe/gallery split of the gallery's descriptors, with open-set
    /// FNIR/FPIR by gallery size (at FPIR 0.003 and each of <paramref name="targetFpirs"/>; investigation mode with k candidates).
    /// </summary>
    public async Task<IdentificationEvaluation> EvaluateAsync(int galleryId, IdentityScoring scoring, int k, int seed, CancellationToken cancellationToken,
        IReadOnlyList<double>? targetFpirs = null, string? model = null, double holdOut = 0)
    {
        var index = await search.SnapshotAsync((await GalleryAsync(galleryId, model, cancellationToken)).Search, cancellationToken);
        var descriptors = Enumerable.Range(0, index.Count).Select(r => index.Row(r).ToArray()).ToList();
        var identities = Enumerable.Range(0, index.Count).Select(index.IdentityIdOf).ToList();
        return await Task.Run(() => IdentificationEvaluator.Evaluate(descriptors, identities, index.Metric, scoring, k, seed, cancellationToken, holdOut) with
        {
            BySize = IdentificationEvaluator.EvaluateBySize(descriptors, identities, index.Metric, scoring, k, seed, targetFpirs ?? [], cancellationToken, holdOut),
        }, cancellationToken);
    }

    /// <summary>Keeps a 1:N evaluation so it can be opened again (editors only); returns its id.</summary>
    public async Task<int> SaveRunAsync(int galleryId, IdentificationEvaluation evaluation, int k, double holdOut, ClaimsPrincipal user, CancellationToken cancellationToken, string? modelName = null)
    {
        var who = Editors.Require(user);
        var model = (await GalleryAsync(galleryId, modelName, cancellationToken)).Search.Signature;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.Galleries.AnyAsync(g => g.Id == galleryId, cancellationToken))
        {
            throw new GalleryNotFoundException(galleryId);
        }
        var row = new IdentificationRun
        {
            GalleryId = galleryId, Model = model, Scoring = evaluation.Scoring.ToString(), K = k, Seed = evaluation.Seed, HoldOut = holdOut,
            Result = SavedIdentificationRun.Serialize(evaluation), CreatedBy = who, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.IdentificationRuns.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    /// <summary>A gallery's saved 1:N evaluations, newest first.</summary>
    public async Task<IReadOnlyList<SavedIdentificationRun>> ListRunsAsync(int galleryId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.IdentificationRuns.AsNoTracking().Where(r => r.GalleryId == galleryId).OrderByDescending(r => r.Id).Take(50).ToListAsync(cancellationToken);
        return [.. rows.Select(SavedIdentificationRun.From)];
    }

    // The index is per gallery and model: the model asked for, else the gallery's, else the engine's default.
    private async Task<(GallerySearch Search, string? Model)> GalleryAsync(int galleryId, string? model, CancellationToken cancellationToken)
    {
        if (model is null)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            model = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Model).FirstOrDefaultAsync(cancellationToken);
        }
        var describer = FaceDescriber.For(await analyzer.EngineAsync(cancellationToken), model);
        return (new GallerySearch(galleryId, describer.Signature, describer.Model.Metric, describer.Model.EmbeddingSize), describer.Model.Name);
    }
}
