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

    [Fact]
    public async Task PublishedProgress_AfterRender_UpdatesThePageAndDisposeUnsubscribes()
    {
        await using var db = await PortalTestDatabase.CreateAsync();
        var notifier = new JobNotifier();
        await using var ctx = PortalTestContext.Create(Roles.Viewer, s =>
        {
            s.AddSingleton(notifier);
            s.AddSingleton(new JobService(db, notifier, TimeProvider.System));
        });

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
        await using var ctx = PortalTestContext.Create(Roles.Viewer, s =>
        {
            s.AddSingleton(notifier);
            s.AddSingleton(new JobService(db, notifier, TimeProvider.System));
        });
        var cut = ctx.Render<LiveJobs>(p => p.Add(c => c.ActiveOnly, true));
        notifier.Publish(new JobProgress(7, "import", "Import seven", JobState.Running, 1, 2, null, 0, DateTimeOffset.UtcNow, null, 1));
        cut.WaitForAssertion(() => Assert.Contains("Import seven", cut.Markup), Wait);

        notifier.Publish(new JobProgress(7, "import", "Import seven", JobState.Completed, 2, 2, null, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1));

        cut.WaitForAssertion(() => Assert.DoesNotContain("Import seven", cut.Markup), Wait);
    }
}
