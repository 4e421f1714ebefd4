using System.Globalization;
using System.Security.Claims;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// The saved operating points of each model: listed for the result and Models pages, renamed and deleted by editors
/// (<see cref="Editors.Require"/>), and the one Verify and Identify take their default threshold from.
/// Saving one lives with the run it is measured on (<see cref="EvaluationService.SaveOperatingPointAsync"/>).
/// </summary>
public sealed class OperatingPointService(IDbContextFactory<PortalDbContext> databases, TimeProvider time)
{
    /// <summary>By model, newest first within a model; one model's only when <paramref name="model"/> is given.</summary>
    public async Task<IReadOnlyList<OperatingPoint>> ListAsync(string? model, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.OperatingPoints.AsNoTracking();
        if (model is not null)
        {
            query = query.Where(o => o.Model == model);
        }
        return await query.OrderBy(o => o.Model).ThenByDescending(o => o.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The operating point Verify and Identify use by default for the model, or null when they use the model's own threshold.</summary>
    public Task<OperatingPoint?> DefaultForAsync(string model, DistanceMetric? metric, CancellationToken cancellationToken) =>
        DefaultThreshold.OperatingPointAsync(databases, model, metric, cancellationToken);

    public async Task<OperatingPoint> RenameAsync(int id, string name, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        var newName = name?.Trim();
        if (string.IsNullOrEmpty(newName))
        {
            throw new EvaluationException("an operating point needs a name");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var point = await db.OperatingPoints.FirstOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new EvaluationException($"no operating point {id}");
        if (point.Name == newName)
        {
            return point;
        }
        if (await db.OperatingPoints.AnyAsync(o => o.Model == point.Model && o.Name == newName && o.Id != id, cancellationToken))
        {
            throw new EvaluationException($"{point.Model} already has an operating point named '{newName}'");
        }
        var old = point.Name;
        point.Name = newName;
        ActivityLog.Record(db, time.GetUtcNow(), who, await GalleryOfAsync(db, point, cancellationToken), "operating-point",
            $"operating point '{old}' of {point.Model} renamed to '{newName}'");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another editor took the name between the check and the save: the unique (model, name) index refused it.
            throw new EvaluationException($"{point.Model} already has an operating point named '{newName}'");
        }
        return point;
    }

    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var who = Editors.Require(user);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var point = await db.OperatingPoints.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (point is null)
        {
            return false;
        }
        db.OperatingPoints.Remove(point);
        ActivityLog.Record(db, time.GetUtcNow(), who, await GalleryOfAsync(db, point, cancellationToken), "operating-point",
            string.Create(CultureInfo.InvariantCulture, $"operating point '{point.Name}' of {point.Model} (distance <= {point.Distance:0.####}) deleted"));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static Task<int?> GalleryOfAsync(PortalDbContext db, OperatingPoint point, CancellationToken cancellationToken) =>
        db.EvaluationRuns.Where(r => r.Id == point.RunId).Select(r => (int?)r.PairSet!.GalleryId).FirstOrDefaultAsync(cancellationToken);
}
