using System.Collections.Concurrent;
using FacePortal.Engine.Embedding;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Search;

/// <summary>
/// Every gallery the portal can search, as Identify would search it by default: with the gallery's own model (else the
/// engine's), and only when it has descriptors of that model. What the cluster's push service preloads and keeps
/// current, so galleries not yet searched since a start (or created since) are in memory before their first query.
/// </summary>
public sealed class SearchableGalleries(IDbContextFactory<PortalDbContext> databases, FaceEngineHost engines)
{
    // Model name (null: the engine's default) -> what its descriptors are; resolved once, a pipeline is not free.
    private readonly ConcurrentDictionary<string, (string Signature, Engine.Recognition.DistanceMetric Metric, int Dimensions)?> _models = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<GallerySearch>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var galleries = await db.Galleries.AsNoTracking().Select(g => new { g.Id, g.Model }).ToListAsync(cancellationToken);
        if (galleries.Count == 0)
        {
            return [];
        }
        var engine = await engines.GetAsync(cancellationToken);
        var withDescriptors = (await db.GalleryModelVersions.AsNoTracking().Where(v => v.Version > 0).Select(v => new { v.GalleryId, v.Model }).ToListAsync(cancellationToken))
            .Select(v => (v.GalleryId, v.Model)).ToHashSet();
        var result = new List<GallerySearch>();
        foreach (var g in galleries)
        {
            var model = _models.GetOrAdd(g.Model ?? "", name => Resolve(engine, name));
            if (model is { } m && withDescriptors.Contains((g.Id, m.Signature)))
            {
                result.Add(new GallerySearch(g.Id, m.Signature, m.Metric, m.Dimensions));
            }
        }
        return result;
    }

    // A gallery whose model is no longer configured cannot be searched with it: left out, as Identify would refuse it.
    private static (string, Engine.Recognition.DistanceMetric, int)? Resolve(Engine.FaceEngine engine, string name)
    {
        try
        {
            var describer = FaceDescriber.For(engine, name.Length == 0 ? null : name);
            return (describer.Signature, describer.Model.Metric, describer.Model.EmbeddingSize);
        }
        catch (UnknownModelException)
        {
            return null;
        }
    }
}
