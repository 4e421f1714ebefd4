using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Jobs;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Jobs;

public class LiveJobsTests
{
    // The feed is pumped on the thread pool: on a busy 2-core CI machine bunit's default 1 s wait was seen to be too short.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static BunitContext Context(PortalTestDatabase db, JobNotifier notifier) => PortalTestContext.Create(Roles.Viewer, s =>
    {
        s.AddSingleton(notifier);
        s.AddSingleton(new JobService(db, notifier, TimeProvider.System));
    });

    [Fact]
    public async Task PublishedProgress_AfterRender_UpdatesThePageAndDisposeUnsubscribes()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var notifier = new JobNotifier();
        await using var ctx = Context(db, notifier);

        var cut = ctx.Render<LiveJobs>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-jobs]")));
        Assert.Equal(1, notifier.SubscriberCount);

        notifier.Publish(new JobProgress(41, "import", "Importing holiday photos", JobState.Running, 3, 10, "reading", 0, DateTimeOffset.UtcNow, null, 2));

        cut.WaitForAssertion(() => Assert.Contains("Importing holiday photos", cut.Markup), Wait);
        Assert.Empty(cut.FindAll("[data-testid=no-jobs]"));

        await ctx.DisposeComponentsAsync();
        Assert.Equal(0, notifier.SubscriberCount);
    }

    [Fact]
    public async Task ActiveOnly_JobFinishes_LeavesTheList()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var notifier = new JobNotifier();
        await using var ctx = Context(db, notifier);
        var cut = ctx.Render<LiveJobs>(p => p.Add(c => c.ActiveOnly, true));
        notifier.Publish(new JobProgress(7, "import", "Import seven", JobState.Running, 1, 2, null, 0, DateTimeOffset.UtcNow, null, 1));
        cut.WaitForAssertion(() => Assert.Contains("Import seven", cut.Markup), Wait);

        notifier.Publish(new JobProgress(7, "import", "Import seven", JobState.Completed, 2, 2, null, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1));

        cut.WaitForAssertion(() => Assert.DoesNotContain("Import seven", cut.Markup), Wait);
    }

    [Fact]
    public async Task JobRow_FinishedImport_LinksItsGalleryAndShowsStartAndDuration()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var notifier = new JobNotifier();
        await using var ctx = Context(db, notifier);
        var cut = ctx.Render<LiveJobs>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-3);
        notifier.Publish(new JobProgress(8, "import", "Import eight", JobState.Completed, 2, 2, "2 with a face", 0, start, start.AddSeconds(95), 1, "/galleries/4"));

        cut.WaitForAssertion(() => Assert.Equal("/galleries/4", cut.Find("[data-testid=job-link]").GetAttribute("href")), Wait);
        Assert.Equal("Import eight", cut.Find("[data-testid=job-link]").TextContent.Trim());
        Assert.Contains(start.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=job-started]").TextContent);
        Assert.Contains("took 1 min 35 s", cut.Find("[data-testid=job-duration]").TextContent);
        Assert.Contains("2 with a face", cut.Markup);
    }
}
