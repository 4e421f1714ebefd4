using Microsoft.Extensions.Options;
using FacePortal.Web.Platform.Auth;
using System.Security.Claims;
using System.Text.Json;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.PairSets;

/// <summary>Draws a new pair set from a gallery's usable images (the drawing itself: <see cref="PairSetGenerator"/>).</summary>
public sealed class PairSetGeneration(IDbContextFactory<PortalDbContext> databases, IOptions<FaceEngineOptions> engineOptions, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PairSetSummary> GenerateAsync(GeneratePairSetRequest request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var user = Editors.Require(caller);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var gallery = await db.Galleries.AsNoTracking().FirstOrDefaultAsync(g => g.Id == request.GalleryId, cancellationToken)
            ?? throw new PairSetException($"no gallery {request.GalleryId}");
        var sampling = request.NegativeSampling ?? NegativeSampling.Random;
        var images = await UsableImagesAsync(db, gallery.Id, request.RequireFace, cancellationToken);
        var metric = DistanceMetric.Euclidean;
        if (sampling == NegativeSampling.Hard && !request.AllVsAll)
        {
            (images, metric) = await WithDescriptorsAsync(db, images, cancellationToken);
        }
        var options = new PairSetGenerator.Options(
            request.Positives ?? PairSetGenerator.DefaultPositives, request.Negatives, request.Folds ?? PairSetGenerator.DefaultFolds,
            request.Seed ?? 1, request.MaxPairsPerIdentity ?? int.MaxValue, request.MinImagesPerIdentity ?? 1, sampling, request.AllVsAll, metric);
        IReadOnlyList<GeneratedPair> pairs;
        try
        {
            pairs = PairSetGenerator.Generate(images, options);
        }
        catch (PairSetGenerationException e)
        {
            throw new PairSetException(e.Message);
        }
        if (pairs.Count == 0)
        {
            throw new PairSetException("the gallery gives no pairs with these settings");
        }
        var name = string.IsNullOrWhiteSpace(request.Name)
            ? request.AllVsAll ? $"{gallery.Name} all-vs-all" : $"{gallery.Name} seed {options.Seed}"
            : request.Name.Trim();
        var identityOf = images.ToDictionary(i => i.ImageId, i => i.IdentityId);
        var set = new PairSet
        {
            GalleryId = gallery.Id,
            Name = name,
            Source = request.AllVsAll ? "all-vs-all" : "generated",
            Parameters = JsonSerializer.Serialize(request with { Name = null }, Json),
            FoldCount = request.AllVsAll ? 1 : options.Folds,
        };
        await PairSetStore.SaveAsync(db, set, pairs, identityOf, user, "pairset-generate", $"generated pair set '{name}'", time.GetUtcNow(), cancellationToken);
        return await PairSetStore.SummaryAsync(db, set.Id, cancellationToken);
    }

    /// <summary>How many genuine pairs <see cref="GenerateAsync"/> can draw from the gallery with these settings (the form warns before generating).</summary>
    public async Task<long> GenuineCapacityAsync(int galleryId, bool requireFace, int minImagesPerIdentity, int? maxPairsPerIdentity, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var images = await UsableImagesAsync(db, galleryId, requireFace, cancellationToken);
        return PairSetGenerator.GenuineCapacity(images, minImagesPerIdentity, maxPairsPerIdentity ?? int.MaxValue);
    }

    private static async Task<List<PairSourceImage>> UsableImagesAsync(PortalDbContext db, int galleryId, bool requireFace, CancellationToken ct)
    {
        var query = db.Images.AsNoTracking().Where(i => i.GalleryId == galleryId && !i.Excluded
            && i.Outcome != ImageOutcome.Unreadable && i.Outcome != ImageOutcome.Duplicate);
        if (requireFace)
        {
            query = query.Where(i => i.PrimaryFaceIndex >= 0);
        }
        var rows = await query.Select(i => new { i.Id, i.IdentityId }).ToListAsync(ct);
        return [.. rows.Select(r => new PairSourceImage(r.Id, r.IdentityId))];
    }

    /// <summary>The stored primary-face descriptors of the images, for the pipeline signature most of them share.</summary>
    private async Task<(List<PairSourceImage>, DistanceMetric)> WithDescriptorsAsync(PortalDbContext db, List<PairSourceImage> images, CancellationToken ct)
    {
        var ids = images.Select(i => i.ImageId).ToHashSet();
        var faces = await db.Faces.AsNoTracking()
            .Where(f => f.Descriptor != null && f.Image!.PrimaryFaceIndex == f.Index && ids.Contains(f.ImageId))
            .Select(f => new { f.ImageId, f.DescriptorModel, f.Descriptor })
            .ToListAsync(ct);
        var signature = faces.GroupBy(f => f.DescriptorModel).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault()
            ?? throw new PairSetException("hard negatives need face descriptors, and no image of this gallery has one yet: run an evaluation or re-analyse the gallery first");
        var byImage = faces.Where(f => f.DescriptorModel == signature).ToDictionary(f => f.ImageId, f => f.Descriptor);
        var model = engineOptions.Value.EmbeddingModels.FirstOrDefault(m => signature.EndsWith("model=" + m.Signature, StringComparison.Ordinal));
        return ([.. images.Select(i => i with { Descriptor = byImage.GetValueOrDefault(i.ImageId) })], model?.Metric ?? DistanceMetric.Euclidean);
    }
}
