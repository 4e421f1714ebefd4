using System.Globalization;
using FacePortal.Engine.Curation;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// Which model clusters a gallery (the one asked for, else the gallery's, else the engine's default) and its default
/// clustering threshold: the threshold at a false-match rate of 1e-3 in the model's latest fully scored evaluation, else
/// the model's configured clustering threshold, else its verification threshold. Verification's operating point is
/// too loose for clustering, which chains matches (face-api on LFW: pairwise F 0.23 at 0.6 against 0.92 at 0.5).
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
        var (threshold, source) = await DefaultAsync(options, cancellationToken);
        return new ClusterModel(options.Name, describer.Signature, options.Metric, threshold, source);
    }

    /// <summary>The names of the models the engine has loaded.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken) => [.. (await host.GetAsync(cancellationToken)).EmbeddingModelNames];

    private async Task<(double Threshold, string Source)> DefaultAsync(EmbeddingModelOptions options, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var metric = options.Metric.ToString();
        var run = await db.EvaluationRuns.AsNoTracking()
            // Only a run that scored all its pairs: a running one would give a threshold from a partial sample.
            .Where(r => r.Model == options.Name && r.Metric == metric && r.Total > 0
                && db.PairScores.Count(s => s.RunId == r.Id) == r.Total)
            .OrderByDescending(r => r.Id)
            .Select(r => new { r.Id })
            .FirstOrDefaultAsync(cancellationToken);
        if (run is not null)
        {
            var impostorScores = await db.PairScores.AsNoTracking()
                .Where(s => s.RunId == run.Id && !s.Same && !s.MissingFace)
                .Select(s => s.Score)
                .ToListAsync(cancellationToken);
            var distances = impostorScores.ConvertAll(s => ScoreConventions.ToDistance(s, options.Metric));
            if (ClusteringThreshold.AtFmr(distances, ClusteringThreshold.DefaultFmr) is { } derived)
            {
                var evaluation = string.Create(CultureInfo.InvariantCulture,
                    $"FMR {ClusteringThreshold.DefaultFmr:0.####} in evaluation #{run.Id} ({distances.Count} impostor pairs)");
                // The stricter of the two: false links chain clusters together, more so the larger the pile (on LFW,
                // face-api's 0.50 gave F 0.917 on 300 people where FMR 1e-3's 0.542 gave 0.758; docs/BENCHMARKS.md).
                return options.ClusterThreshold is { } stricter && stricter < derived
                    ? (stricter, string.Create(CultureInfo.InvariantCulture, $"the model's clustering default, stricter than {evaluation}: {derived:0.###}"))
                    : (derived, evaluation);
            }
        }
        return options.ClusterThreshold is { } configured
            ? (configured, "the model's clustering default")
            : (options.Threshold, "the model's verification threshold (no evaluation with enough impostor pairs)");
    }
}
