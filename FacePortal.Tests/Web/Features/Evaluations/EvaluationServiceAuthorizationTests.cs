using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>Starting, resuming, cancelling and deleting runs and saving operating points refuse a viewer.</summary>
public class EvaluationServiceAuthorizationTests
{
    private const string PairsTxt = "1\t1\nP00\t1\t2\nP00\t1\tP01\t1\n";

    [Fact]
    public async Task Changes_Viewer_RefusedAndNothingChanged()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [2, 2]);
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        var (started, service) = await EvaluationTestRuns.StartAsync(db, set.Id);
        var viewer = TestUsers.Viewer;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.StartAsync(new StartEvaluationRequest(set.Id, null), viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.ResumeAsync(started.Id, viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.CancelAsync(started.Id, viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.SaveOperatingPointAsync(started.Id, new OperatingPointRequest("strict", 0.5), viewer, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => service.DeleteAsync(started.Id, viewer, default));

        await using var c = db.CreateDbContext();
        Assert.Equal([started.Id], await c.EvaluationRuns.Select(r => r.Id).ToListAsync());
        Assert.Equal([started.JobId], await c.Jobs.Select(j => j.Id).ToListAsync());
        Assert.False(await c.Jobs.AnyAsync(j => j.CancelRequested || j.State == JobState.Cancelled));
        Assert.Equal(0, await c.OperatingPoints.CountAsync());
        Assert.Equal(["pairset-import", "evaluation-start"], await c.Activity.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task StartAsync_Operator_RecordsTheirName()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await db.SeedGalleryAsync("g", [2, 2]);
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);

        var started = await EvaluationTestRuns.Service(db).StartAsync(new StartEvaluationRequest(set.Id, null), TestUsers.Operator, default);

        await using var c = db.CreateDbContext();
        var run = await c.EvaluationRuns.SingleAsync(r => r.Id == started.Id);
        var job = await c.Jobs.SingleAsync(j => j.Id == started.JobId);
        var entry = await c.Activity.OrderBy(a => a.Id).LastAsync();
        Assert.Equal(("op@test.local", "op@test.local", "op@test.local", "evaluation-start"), (run.CreatedBy, job.CreatedBy, entry.User, entry.Action));
    }
}
