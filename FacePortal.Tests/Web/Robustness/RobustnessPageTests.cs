using System.Text.Json;
using Bunit;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Features.Robustness;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Robustness;

[Trait("Category", "Torch")]
public class RobustnessPageTests
{
    private const string PairsTxt = "1\t2\nP00\t1\t2\nP01\t1\t2\nP00\t1\tP01\t1\nP00\t2\tP01\t2\n";

    private static BunitContext Context(PortalTestDatabase db, string role = Roles.Operator) => PortalTestContext.Create(role, s =>
    {
        s.AddSingleton(RobustnessTestRuns.Service(db));
        s.AddSingleton(new JobNotifier());
    });

    private static async Task<int> SetAsync(PortalTestDatabase db)
    {
        var gallery = await db.SeedGalleryAsync("g", [2, 2]);
        return (await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "lfw-pairs.txt", null, TestUsers.Operator, default)).Id;
    }

    private static PairRobustnessOutcome Pair(int id, bool same, double clean, double after) => new()
    {
        PairId = id, Same = same, ChipDistance = clean, ImageDistance = clean,
        Defences = Enum.GetValues<InputDefence>().ToDictionary(d => d.ToString(), _ => clean),
        Attacks = [new AttackRunOutcome { Method = AttackMethod.Pgd, Budget = 4, ChipDistance = after, ImageDistance = clean, Seconds = 0.2, Iterations = 10,
            Defences = Enum.GetValues<InputDefence>().ToDictionary(d => d.ToString(), _ => clean) }],
    };

    [Fact]
    public async Task Result_FinishedRun_ShowsChartsTablesIntervalsAndExamples()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 4, ["pgd"], [4]));
        var settings = new RobustnessSettings { Attacks = [AttackMethod.Pgd], Budgets = [4] };
        var summary = RobustnessSummary.From([Pair(1, true, 0.4, 0.9), Pair(2, true, 0.4, 0.5), Pair(3, false, 0.9, 0.4)], settings, []);
        var png = PngFile.Encode(new RgbImage(2, 2, new byte[12]));
        var example = new RobustnessExample(1, true, AttackMethod.Pgd, 4, 0.4, 0.9, png, png, png);
        await using (var c = db.CreateDbContext())
        {
            await c.RobustnessRuns.Where(r => r.Id == started.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Result, JsonSerializer.Serialize(summary, RobustnessJson.Options))
                .SetProperty(r => r.Examples, JsonSerializer.Serialize(new[] { example }, RobustnessJson.Options)));
            await c.Jobs.Where(j => j.Id == started.JobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Completed).SetProperty(j => j.Done, 3).SetProperty(j => j.Total, 3));
        }
        await using var ctx = Context(db);

        var page = ctx.Render<RobustnessResult>(p => p.Add(x => x.Id, started.Id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=asr-table] tbody tr")));
        Assert.Equal(2, page.FindAll("[data-testid=asr-table] tbody tr").Count);
        // Dodging: 1 of 2 genuine pairs flipped; the Wilson interval is shown with the counts.
        Assert.Contains("50% [9, 91%] (1/2)", page.Find("[data-testid=asr-table]").TextContent, StringComparison.Ordinal);
        Assert.Equal(6, page.FindAll("[data-testid=defence-table] tbody tr").Count);
        Assert.Contains("Only face-api", page.Find("[data-testid=transfer-note]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=asr-chart-dodging]"));
        Assert.NotNull(page.Find("[data-testid=accuracy-chart]"));
        Assert.Equal(3, page.FindAll("[data-testid=robustness-examples] img").Count);
        Assert.StartsWith("data:image/png;base64,", page.Find("[data-testid=robustness-examples] img").GetAttribute("src"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=robustness-progress]"));
    }

    [Fact]
    public async Task Result_Running_ShowsProgressAndCancel()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, 4, ["pgd"], [4]));
        await using var ctx = Context(db);

        var page = ctx.Render<RobustnessResult>(p => p.Add(x => x.Id, started.Id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=robustness-progress]")));
        Assert.NotNull(page.Find("[data-testid=cancel-robustness]"));
        Assert.Empty(page.FindAll("[data-testid=asr-table]"));
    }

    [Fact]
    public async Task List_BadBudget_SaysWhyAndStartsNothing()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var set = await SetAsync(db);
        await using var ctx = Context(db);

        var navigation = ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"/robustness?pairSet={set}");
        var page = ctx.Render<RobustnessList>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=start-robustness]")));
        page.Find("input[data-testid=budgets]").Change("1, two");
        page.Find("[data-testid=start-robustness]").Click();

        page.WaitForAssertion(() => Assert.Contains("'two' is not a number", page.Find("[data-testid=robustness-error]").TextContent, StringComparison.Ordinal));
        await using var c = db.CreateDbContext();
        Assert.Empty(await c.RobustnessRuns.ToListAsync());
    }

    [Fact]
    public async Task List_Viewer_SeesRunsButNoForm()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        await using var ctx = Context(db, Roles.Viewer);

        var page = ctx.Render<RobustnessList>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=robustness-runs]")));
        Assert.Empty(page.FindAll("[data-testid=robustness-form]"));
    }
}
