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
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var saved = await db.OperatingPoints.AsNoTracking()
            .Where(o => o.Model == analysis.Model && o.Metric == analysis.Metric.ToString())
            .OrderByDescending(o => o.Id)
            .Select(o => (double?)o.Distance)
            .FirstOrDefaultAsync(cancellationToken);
        return saved is { } d && double.IsFinite(d) && d >= 0 ? d : analysis.ModelThreshold;
    }
}
