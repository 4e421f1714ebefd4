using FacePortal.Engine.Embedding;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// Which model clusters a gallery (the one asked for, else the gallery's, else the engine's default) and its default
/// threshold: the operating point last saved for it from an evaluation, else its configured threshold.
/// </summary>
public sealed class ClusterModels(IDbContextFactory<PortalDbContext> databases, FaceEngineHost host)
{
    public async Task<ClusterModel> ResolveAsync(int galleryId, string? model, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        string? galleryModel;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            galleryModel = await db.Galleries.Where(g => g.Id == galleryId).Select(g => g.Model).FirstOrDefaultAsync(cancellationToken);
        }
        var describer = FaceDescriber.For(engine, string.IsNullOrWhiteSpace(model) ? galleryModel : model);
        var options = describer.Model;
        var point = await DefaultThreshold.OperatingPointAsync(databases, options.Name, options.Metric, cancellationToken);
        return new ClusterModel(options.Name, describer.Signature, options.Metric, point?.Distance ?? options.Threshold);
    }

    /// <summary>The names of the models the engine has loaded.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken) => [.. (await host.GetAsync(cancellationToken)).EmbeddingModelNames];
}
