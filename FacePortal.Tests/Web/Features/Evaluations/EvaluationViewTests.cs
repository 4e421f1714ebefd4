using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FacePortal.Tests.Web.Features.Evaluations;

public class EvaluationViewTests
{
    // Live progress is pumped on the thread pool: on a busy 2-core machine bunit's default 1 s wait was seen to be too short.
    private static readonly TimeSpan LiveWait = TimeSpan.FromSeconds(10);

    private const string PairsTxt = "2\t2\nP00\t1\t2\nP01\t1\t3\nP00\t1\tP01\t1\nP02\t1\tP03\t2\nP02\t1\t2\nP03\t1\t2\nP00\t2\tP03\t1\nP01\t2\tP02\t2\n";

    private static async Task<(BunitContext Context, JobNotifier Notifier)> ContextAsync(PortalTestDatabase db, EvaluationService service)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var notifier = new JobNotifier();
        ctx.Services.AddSingleton(service);
        ctx.Services.AddSingleton(new OperatingPointService(db, TimeProvider.System));
        ctx.Services.AddSingleton(notifier);
        ctx.Services.AddSingleton(new PairSetCatalog(db, TimeProvider.System));
        ctx.Services.AddSingleton(new ReportCardService(db, service));
        ctx.AddAuthorization().SetAuthorized("tester").SetPolicies(Roles.CanEdit);
        ctx.Render<MudPopoverProvider>();
        await Task.CompletedTask;
        return (ctx, notifier);
    }

    /// <summary>A four-identity gallery, the eight pairs of <see cref="PairsTxt"/> and an evaluation of them started (nothing scored).</summary>
    private static async Task<(PairSetSummary Set, EvaluationStarted Started, EvaluationService Service)> StartRunAsync(PortalTestDatabase db)
    {
        var gallery = await db.SeedGalleryAsync("g", [2, 3, 2, 2]);
        var set = await new PairSetFiles(db, TimeProvider.System).ImportAsync(gallery, PairsTxt, "pairs.txt", null, TestUsers.Operator, default);
        var (started, service) = await EvaluationTestRuns.StartAsync(db, set.Id);
        return (set, started, service);
    }

    private static async Task ScoreAsync(PortalTestDatabase db, int runId, int setId, int skip, int take)
    {
        await using var c = db.CreateDbContext();
        var pairs = await c.EvaluationPairs.Where(p => p.PairSetId == setId).OrderBy(p => p.Ordinal).Skip(skip).Take(take).ToListAsync();
        // Genuine pairs score high, impostors low, the last impostors overlapping the genuines.
        c.PairScores.AddRange(pairs.Select(p => new PairScore { RunId = runId, PairId = p.Id, Same = p.Same, Score = p.Same ? -0.3 + (p.Ordinal * 0.05) : -0.8 + (p.Ordinal * 0.1) }));
        await c.SaveChangesAsync();
    }

    [Fact]
    public async Task Progress_WhileRunning_PushesTheGrowingRocThroughReact()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (set, started, service) = await StartRunAsync(db);
        await ScoreAsync(db, started.Id, set.Id, 0, 4);
        var (ctx, notifier) = await ContextAsync(db, service);
        await using var _ = ctx;

        var cut = ctx.Render<EvaluationView>(p => p.Add(c => c.RunId, started.Id));
        cut.WaitForAssertion(() => Assert.Contains("4 / 8 pairs scored", cut.Find("[data-testid=run-progress]").TextContent), LiveWait);
        var reacts = ctx.JSInterop.Invocations.Count(i => i.Identifier == "react");

        await ScoreAsync(db, started.Id, set.Id, 4, 4);
        notifier.Publish(new JobProgress(started.JobId, EvaluationJobHandler.JobKind, "t", JobState.Running, 8, 8, "scoring", 0, DateTimeOffset.UtcNow, null, 10));

        cut.WaitForAssertion(() => Assert.Contains("8 / 8 pairs scored", cut.Find("[data-testid=run-progress]").TextContent), LiveWait);
        cut.WaitForAssertion(() => Assert.True(ctx.JSInterop.Invocations.Count(i => i.Identifier == "react") > reacts), LiveWait);
        // The chart component itself was not re-rendered: its data went through React only.
        Assert.Equal(1, cut.FindComponent<CurveChart>().Instance.Pushes);
    }

    [Fact]
    public async Task Progress_BeforeTheFirstScore_ShowsNoChartThenChartAndMetricsTogether()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (set, started, service) = await StartRunAsync(db);
        var (ctx, notifier) = await ContextAsync(db, service);
        await using var _ = ctx;

        var cut = ctx.Render<EvaluationView>(p => p.Add(c => c.RunId, started.Id));

        // Nothing scored: no empty ROC drawn under "no pair scored", and the one count on the page says 0.
        cut.WaitForAssertion(() => Assert.Contains("No pair scored yet", cut.Find("[data-testid=no-scores]").TextContent), LiveWait);
        Assert.Empty(cut.FindAll("[data-testid=roc-chart]"));
        Assert.Contains("0 / 8 pairs scored", cut.Find("[data-testid=run-progress]").TextContent);

        await ScoreAsync(db, started.Id, set.Id, 0, 4);
        notifier.Publish(new JobProgress(started.JobId, EvaluationJobHandler.JobKind, "t", JobState.Running, 4, 8, "scoring", 0, DateTimeOffset.UtcNow, null, 10));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=roc-chart]")), LiveWait);
        Assert.Empty(cut.FindAll("[data-testid=no-scores]"));
        Assert.Contains("4 / 8 pairs scored", cut.Find("[data-testid=run-progress]").TextContent);
    }

    [Fact]
    public async Task Dispose_WhileRunning_EndsTheJobSubscription()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (set, started, service) = await StartRunAsync(db);
        var (ctx, notifier) = await ContextAsync(db, service);
        await using var _ = ctx;
        var cut = ctx.Render<EvaluationView>(p => p.Add(c => c.RunId, started.Id));
        cut.WaitForAssertion(() => Assert.Contains("0 / 8 pairs scored", cut.Find("[data-testid=run-progress]").TextContent));
        Assert.Equal(1, notifier.SubscriberCount);

        await ctx.DisposeComponentsAsync();

        Assert.Equal(0, notifier.SubscriberCount);
    }

    [Fact]
    public async Task FinishedRun_ShowsMetricsAndTheThresholdExplorer()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var (set, started, service) = await StartRunAsync(db);
        await ScoreAsync(db, started.Id, set.Id, 0, 8);
        await using (var c = db.CreateDbContext())
        {
            await c.Jobs.Where(j => j.Id == started.JobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Completed));
        }
        var (ctx, _) = await ContextAsync(db, service);
        await using var __ = ctx;

        var cut = ctx.Render<EvaluationView>(p => p.Add(c => c.RunId, started.Id));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=threshold-explorer]")));
        Assert.NotNull(cut.Find("[data-testid=metrics-table]"));
        Assert.Equal(4, cut.FindComponents<CurveChart>().Count);
        Assert.NotEmpty(cut.FindAll("[data-testid=error-pair]"));
    }
}
