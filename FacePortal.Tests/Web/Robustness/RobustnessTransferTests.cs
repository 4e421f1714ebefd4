using System.Text.Json;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Robustness;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Tests.Web.Robustness;

/// <summary>With a second configured model, the adversarial photos made on face-api are scored by it too (transfer).</summary>
[Trait("Category", "Torch")]
[Collection(TwoModelEngineCollection.Name)]
public class RobustnessTransferTests(TwoModelEngineFixture fixture)
{
    [LfwImagesFact]
    public async Task RunAsync_SecondModel_ScoresTheAdversarialPhotosWithIt()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await RobustnessTestRuns.SeedLfwAsync(db, [("Aaron_Peirsol", 1), ("Aaron_Peirsol", 2), ("Abdullah_Gul", 1)]);
        var set = await RobustnessTestRuns.ImportPairsAsync(db, gallery, [("Aaron_Peirsol", 1, 2)], [("Aaron_Peirsol", 1, "Abdullah_Gul", 1)]);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 2, ["pgd"], [8], null, 5));

        await RobustnessTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        var view = await RobustnessTestRuns.Service(db).GetAsync(started.Id, default);
        var s = view!.Summary!;
        Assert.Null(s.TransferNote);
        Assert.Equal(2, s.Transfer.Count);
        Assert.All(s.Transfer, t => Assert.Equal(TwoModelEngineFixture.SecondModel, t.Model));
        await using var c = db.CreateDbContext();
        var pairs = JsonSerializer.Deserialize<List<PairRobustnessOutcome>>((await c.RobustnessRuns.SingleAsync()).Pairs, RobustnessJson.Options)!;
        // The second model found the face in every clean and every adversarial photo, and its (cosine) distances were kept.
        Assert.All(pairs, p => Assert.InRange(p.Transfer[TwoModelEngineFixture.SecondModel]!.Value, 0, 2));
        Assert.All(pairs.SelectMany(p => p.Attacks), a => Assert.InRange(a.Transfer[TwoModelEngineFixture.SecondModel]!.Value, 0, 2));
    }
}
