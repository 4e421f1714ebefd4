using System.Text.Json;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Robustness;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Robustness;

[Trait("Category", "Torch")]
[Collection(EngineCollection.Name)]
public class RobustnessJobHandlerTests(EngineFixture fixture, ITestOutputHelper output)
{
    private static readonly (string Person, int A, int B)[] Genuine = [("Aaron_Peirsol", 1, 2), ("Abdullah_Gul", 1, 2)];
    private static readonly (string P1, int A, string P2, int B)[] Impostor = [("Aaron_Peirsol", 1, "Abdullah_Gul", 1), ("Abdullah_Gul", 2, "Aaron_Peirsol", 2)];

    private static async Task<int> SeedAsync(PortalTestDatabase db, int pairs = 2)
    {
        var genuine = Genuine.Take(pairs).ToList();
        var impostor = Impostor.Take(pairs).ToList();
        var images = genuine.SelectMany(g => new[] { (g.Person, g.A), (g.Person, g.B) }).Concat(impostor.SelectMany(i => new[] { (i.P1, i.A), (i.P2, i.B) }));
        var gallery = await RobustnessTestRuns.SeedLfwAsync(db, images);
        return await RobustnessTestRuns.ImportPairsAsync(db, gallery, genuine, impostor);
    }

    private static async Task<(RobustnessRun Run, List<PairRobustnessOutcome> Pairs)> StoredAsync(PortalTestDatabase db, int id)
    {
        await using var c = db.CreateDbContext();
        var run = await c.RobustnessRuns.AsNoTracking().SingleAsync(r => r.Id == id);
        return (run, JsonSerializer.Deserialize<List<PairRobustnessOutcome>>(run.Pairs, RobustnessJson.Options)!);
    }

    [LfwImagesFact]
    public async Task RunAsync_CatalogueModel_AttackedWhiteBoxOnItsOwnChipAtItsOwnThreshold()
    {
        _ = HumanModelsPackage.Directory;
        using var host = new FacePortal.Web.Platform.EngineHost.FaceEngineHost(Microsoft.Extensions.Options.Options.Create(new FacePortal.Engine.FaceEngineOptions
        {
            Models = FaceApiPackage.Options, CatalogueModels = ["mobileface"],
        }), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await host.StartAsync(CancellationToken.None);
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SeedAsync(db);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 4, ["fgsm"], [0.5, 16], Model: "mobileface"));

        await RobustnessTestRuns.RunJobAsync(db, host, started.JobId);

        var view = await RobustnessTestRuns.Service(db).GetAsync(started.Id, default);
        var s = view!.Summary!;
        foreach (var c in s.Cells)
        {
            output.WriteLine($"{c.Method} {c.Budget} {c.Goal}: chip {c.Chip.Successes}/{c.Chip.Trials}, photo {c.Image?.Successes}/{c.Image?.Trials}");
        }
        Assert.Equal("mobileface", view.Model);
        Assert.Equal(0.79, view.Settings.Attack.Threshold);
        Assert.Equal((2, 2, 0), (s.Genuine, s.Impostors, s.Skipped));
        var (_, pairs) = await StoredAsync(db, started.Id);
        // Chip distances are mobileface's cosine distances on its own 112 px ArcFace chip, not face-api's Euclidean ones.
        Assert.All(pairs, p => Assert.InRange(p.ChipDistance, 0, 2));
        var large = s.Cells.Single(c => c.Budget == 16 && c.Goal == AttackGoal.Dodging);
        Assert.True(large.Chip.Trials > 0 && large.Chip.Successes == large.Chip.Trials, $"FGSM 16 dodging: {large.Chip.Successes}/{large.Chip.Trials}");
        Assert.NotNull(large.Image); // the five-point chip is inverted onto the photo: the whole-photo setting is measured too
        Assert.Contains(s.Transfer, t => t.Model == "face-api");
    }

    [LfwImagesFact]
    public async Task RunAsync_LfwPairs_LargeBudgetPgdSucceedsOnTheChipAndEverySettingIsMeasured()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SeedAsync(db);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 4, ["fgsm", "pgd"], [8, 1], null, 10));
        var notifier = new JobNotifier();
        var feed = notifier.Subscribe();

        await RobustnessTestRuns.RunJobAsync(db, fixture.Host, started.JobId, notifier);

        feed.Dispose();
        var progress = new List<JobProgress>();
        await foreach (var batch in feed.ReadBatchesAsync(CancellationToken.None))
        {
            progress.AddRange(batch);
        }
        var view = await RobustnessTestRuns.Service(db).GetAsync(started.Id, default);
        var s = view!.Summary!;
        foreach (var c in s.Cells)
        {
            output.WriteLine($"{c.Method} {c.Budget} {c.Goal}: chip {c.Chip.Successes}/{c.Chip.Trials}, photo {c.Image?.Successes}/{c.Image?.Trials}");
        }
        Assert.Equal((2, 2, 0), (s.Genuine, s.Impostors, s.Skipped));
        Assert.All(progress, p => Assert.Equal(4, p.Total));
        Assert.Contains(progress, p => p.Done == 4);
        // face-api gets these LFW pairs right before the attack; PGD at 8 levels then flips every one of them on the chip.
        Assert.Equal(1.0, s.CleanChipAccuracy);
        foreach (var goal in new[] { AttackGoal.Dodging, AttackGoal.Impersonation })
        {
            var pgd8 = s.Cells.Single(c => c.Method == AttackMethod.Pgd && c.Budget == 8 && c.Goal == goal);
            Assert.Equal((2, 2), (pgd8.Chip.Successes, pgd8.Chip.Trials));
            Assert.True(pgd8.Chip.Lower < 1 && pgd8.Chip.Upper == 1, "a Wilson interval");
            Assert.NotNull(pgd8.Image);
            Assert.Equal(0, pgd8.ChipAccuracy);
        }
        // Both budgets as asked (sorted), the five defences, and no transfer with face-api alone.
        Assert.Equal([1.0, 8.0], view.Settings.Attack.Budgets);
        Assert.Equal(Enum.GetValues<InputDefence>(), s.Defences.Select(d => d.Defence));
        Assert.All(s.Defences, d => Assert.Equal(8, d.Cells.Count));
        Assert.NotNull(s.TransferNote);
        // The whole-photo setting changed the photo by no more than the budget, and re-ran the pipeline on it.
        var (_, pairs) = await StoredAsync(db, started.Id);
        Assert.All(pairs.SelectMany(p => p.Attacks), a => Assert.InRange(a.ImageMaxDelta, 1, (int)a.Budget));
        Assert.All(pairs.SelectMany(p => p.Attacks), a => Assert.True(a.Seconds > 0));
        Assert.Contains(pairs.SelectMany(p => p.Attacks), a => a.ImageDistance is not null);
        // Two examples per goal, as PNG.
        Assert.Equal(4, view.Examples.Count);
        Assert.All(view.Examples, e => Assert.Equal((byte)0x89, e.Adversarial[0]));
        Assert.All(view.Examples, e => Assert.Equal((AttackMethod.Pgd, 8.0), (e.Method, e.Budget)));
    }

    [LfwImagesFact]
    public async Task RunAsync_Resumed_KeepsThePairsAlreadyDone()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SeedAsync(db, 1);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 2, ["fgsm"], [4]));
        int first;
        // As if the process stopped after the first pair: its outcome is stored (with a marker distance).
        await using (var c = db.CreateDbContext())
        {
            first = await c.EvaluationPairs.Where(p => p.PairSetId == set).OrderBy(p => p.Ordinal).Select(p => p.Id).FirstAsync();
            var done = new List<PairRobustnessOutcome> { new() { PairId = first, Same = true, ChipDistance = 42 } };
            await c.RobustnessRuns.Where(r => r.Id == started.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Pairs, JsonSerializer.Serialize(done, RobustnessJson.Options)));
        }

        await RobustnessTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        var (run, pairs) = await StoredAsync(db, started.Id);
        Assert.Equal(2, pairs.Count);
        Assert.Equal(42, pairs.Single(p => p.PairId == first).ChipDistance);
        var other = pairs.Single(p => p.PairId != first);
        Assert.InRange(other.ChipDistance, 0.1, 2);
        Assert.Single(other.Attacks);
        Assert.NotNull(run.Result);
    }

    [LfwImagesFact]
    public async Task RunAsync_Cancelled_StopsWithoutAResult()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SeedAsync(db, 1);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 2, ["pgd"], [4]));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RobustnessTestRuns.RunJobAsync(db, fixture.Host, started.JobId, cancellationToken: cts.Token));

        var (run, pairs) = await StoredAsync(db, started.Id);
        Assert.Empty(pairs);
        Assert.Null(run.Result);
    }

    [LfwImagesFact]
    public async Task RunAsync_UnreadableImage_SkipsThePairAndSaysWhy()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SeedAsync(db, 1);
        await using (var c = db.CreateDbContext())
        {
            // A hostile "image": bytes that are no picture at all.
            var image = await c.Images.FirstAsync(i => i.OriginalName == "Aaron_Peirsol/Aaron_Peirsol_0002.jpg");
            image.ContentHash = await db.Images.SaveAsync("not a jpeg at all"u8.ToArray(), default);
            await c.SaveChangesAsync();
        }
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 2, ["fgsm"], [2]));

        await RobustnessTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        var view = await RobustnessTestRuns.Service(db).GetAsync(started.Id, default);
        Assert.Equal(1, view!.Summary!.Skipped);
        Assert.Equal(1, view.Summary.Impostors);
        await using var check = db.CreateDbContext();
        Assert.Contains(await check.JobErrors.Where(e => e.JobId == started.JobId).Select(e => e.Item).ToListAsync(), i => i.Contains("Aaron_Peirsol_0002", StringComparison.Ordinal));
    }
}
