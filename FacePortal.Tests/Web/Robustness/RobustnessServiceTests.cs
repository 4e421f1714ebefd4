using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Features.Robustness;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Robustness;

[Trait("Category", "Torch")]
public class RobustnessServiceTests
{
    private const string PairsTxt = "1\t2\nP00\t1\t2\nP01\t1\t2\nP00\t1\tP01\t1\nP00\t2\tP01\t2\n";

    private static async Task<int> SetAsync(PortalTestDatabase db)
    {
        var gallery = await db.SeedGalleryAsync("g", [2, 2]);
        return (await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default)).Id;
    }

    [Theory]
    [InlineData("budget", new[] { "pgd" }, new[] { 0.0 }, 10)]
    [InlineData("budget", new[] { "pgd" }, new[] { 65.0 }, 10)]
    [InlineData("unknown attack 'cw'", new[] { "cw" }, new[] { 4.0 }, 10)]
    [InlineData("pairs must be", new[] { "fgsm" }, new[] { 4.0 }, 5000)]
    public async Task Start_BadRequest_IsRefusedClearlyAndStartsNothing(string expected, string[] attacks, double[] budgets, int pairs)
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);

        var e = await Assert.ThrowsAsync<RobustnessException>(() => RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, pairs, attacks, budgets)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        await using var c = db.CreateDbContext();
        Assert.Empty(await c.RobustnessRuns.ToListAsync());
        Assert.Empty(await c.Jobs.ToListAsync());
    }

    [Fact]
    public async Task Start_Defaults_QueuesAJobWithTheFullGridAndTheModelsThreshold()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);

        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set));

        var view = await RobustnessTestRuns.Service(db).GetAsync(started.Id, default);
        Assert.Equal([1.0, 2, 4, 8], view!.Settings.Attack.Budgets);
        Assert.Equal(3, view.Settings.Attack.Attacks.Count);
        Assert.Equal(100, view.Settings.Pairs);
        Assert.Equal(0.6, view.Settings.Attack.Threshold);
        Assert.Contains("model default", view.ThresholdSource, StringComparison.Ordinal);
        await using var c = db.CreateDbContext();
        var job = await c.Jobs.SingleAsync(j => j.Id == started.JobId);
        Assert.Equal(RobustnessJobHandler.JobKind, job.Kind);
        Assert.Equal($"/robustness/{started.Id}", FacePortal.Web.Platform.Jobs.JobLinks.For(job.Parameters));
    }

    [Fact]
    public async Task Start_CatalogueModel_StoresItWithItsOwnThresholdAndOperatingPoints()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);
        await using (var c = db.CreateDbContext())
        {
            c.OperatingPoints.Add(new OperatingPoint { Name = "faceres-strict", Model = "faceres", Metric = "Cosine", Threshold = 0.7, Distance = 0.3 });
            c.OperatingPoints.Add(new OperatingPoint { Name = "strict", Model = "face-api", Metric = "Euclidean", Threshold = -0.45, Distance = 0.45 });
            await c.SaveChangesAsync();
        }
        var service = RobustnessTestRuns.Service(db);
        Assert.Equal(["face-api", .. FacePortal.Engine.Models.Catalogue.ModelCatalogue.All.Select(m => m.Name)], service.Models);

        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, Model: "faceres"));
        var view = await service.GetAsync(started.Id, default);
        Assert.Equal("faceres", view!.Model);
        Assert.Equal(0.44, view.Settings.Attack.Threshold); // faceres's catalogue threshold (cosine distance), not face-api's 0.6
        var point = Assert.Single(await service.OperatingPointsAsync("faceres", default));
        var atPoint = await service.GetAsync((await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, OperatingPointId: point.Id, Model: "faceres"))).Id, default);
        Assert.Equal(0.3, atPoint!.Settings.Attack.Threshold);

        var faceApiPoint = (await service.OperatingPointsAsync(default)).Single();
        var wrong = await Assert.ThrowsAsync<RobustnessException>(() => RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, OperatingPointId: faceApiPoint.Id, Model: "faceres")));
        Assert.Contains("belongs to face-api", wrong.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<RobustnessException>(() => RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, Model: "nosuch")));
        Assert.Contains("no embedding model 'nosuch'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OperatingPoint_UsesItsDistanceAndRefusesAnotherModels()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);
        await using (var c = db.CreateDbContext())
        {
            c.OperatingPoints.Add(new OperatingPoint { Name = "strict", Model = "face-api", Metric = "Euclidean", Threshold = -0.45, Distance = 0.45 });
            c.OperatingPoints.Add(new OperatingPoint { Name = "arc", Model = "arcface", Metric = "Cosine", Threshold = 0.3, Distance = 0.7 });
            await c.SaveChangesAsync();
        }
        var points = await RobustnessTestRuns.Service(db).OperatingPointsAsync(default);
        var strict = Assert.Single(points);

        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, OperatingPointId: strict.Id));
        var view = await RobustnessTestRuns.Service(db).GetAsync(started.Id, default);
        Assert.Equal(0.45, view!.Settings.Attack.Threshold);
        Assert.Contains("'strict'", view.ThresholdSource, StringComparison.Ordinal);

        await using var c2 = db.CreateDbContext();
        var arc = await c2.OperatingPoints.SingleAsync(p => p.Name == "arc");
        var e = await Assert.ThrowsAsync<RobustnessException>(() => RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, OperatingPointId: arc.Id)));
        Assert.Contains("belongs to arcface", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Viewer_IsRefused()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => RobustnessTestRuns.Service(db).StartAsync(new StartRobustnessRequest(set), TestUsers.Viewer, default));
        await using var c = db.CreateDbContext();
        Assert.Empty(await c.RobustnessRuns.ToListAsync());
    }
}
