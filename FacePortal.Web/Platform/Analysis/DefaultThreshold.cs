using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>
/// The threshold Verify and Identify use when the caller gives none: the operating point last saved for the model
/// from an evaluation, else the model's configured threshold.
/// </summary>
public static class DefaultThreshold
{
    public static async Task<double> ForModelAsync(IDbContextFactory<PortalDbContext> databases, FaceAnalysis analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var point = await OperatingPointAsync(databases, analysis.Model, analysis.Metric, cancellationToken);
        return point?.Distance ?? analysis.ModelThreshold;
    }

    /// <summary>
    /// The operating point the default comes from (the newest usable one for the model and metric; any metric when
    /// <paramref name="metric"/> is null), or null.
    /// </summary>
    public static async Task<OperatingPoint?> OperatingPointAsync(IDbContextFactory<PortalDbContext> databases, string model, DistanceMetric? metric, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(databases);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var metricName = metric?.ToString();
        var saved = await db.OperatingPoints.AsNoTracking()
            .Where(o => o.Model == model && (metricName == null || o.Metric == metricName))
            .OrderByDescending(o => o.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return saved is { Distance: var d } && double.IsFinite(d) && d >= 0 ? saved : null;
    }
}
