using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Tests.Web.Platform.Jobs;

public class JobNotifierTests
{
    private static JobProgress Progress(int jobId, int done, string kind = "import", JobState state = JobState.Running) =>
        new(jobId, kind, "t", state, done, 10, null, 0, DateTimeOffset.UtcNow, null, 0);

    private static async Task<IReadOnlyList<JobProgress>> NextBatchAsync(JobSubscription feed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var batches = feed.ReadBatchesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await batches.MoveNextAsync());
        return batches.Current;
    }

    [Fact]
    public async Task Subscribe_PublishedBeforeReading_IsKeptAndFiltered()
    {
        var notifier = new JobNotifier();
        using var feed = notifier.Subscribe(p => p.Kind == "evaluation");

        notifier.Publish(Progress(1, 1));
        notifier.Publish(Progress(2, 3, "evaluation"));
        notifier.Publish(Progress(2, 4, "evaluation"));

        var batch = await NextBatchAsync(feed);
        Assert.Equal([3, 4], batch.Select(p => p.Done));
    }

    [Fact]
    public async Task Publish_MoreThanTheFeedHolds_DropsTheOldestAndKeepsTheLatest()
    {
        var notifier = new JobNotifier();
        using var feed = notifier.Subscribe();

        for (var i = 0; i < JobSubscription.Capacity + 50; i++)
        {
            notifier.Publish(Progress(1, i));
        }

        var batch = await NextBatchAsync(feed);
        Assert.Equal(JobSubscription.Capacity, batch.Count);
        Assert.Equal(50, batch[0].Done);
        Assert.Equal(JobSubscription.Capacity + 49, batch[^1].Done);
    }

    [Fact]
    public async Task Dispose_Subscription_UnsubscribesAndEndsTheFeed()
    {
        var notifier = new JobNotifier();
        var feed = notifier.Subscribe();
        Assert.Equal(1, notifier.SubscriberCount);

        feed.Dispose();
        notifier.Publish(Progress(1, 1));

        Assert.Equal(0, notifier.SubscriberCount);
        await foreach (var _ in feed.ReadBatchesAsync(CancellationToken.None))
        {
            Assert.Fail("a disposed feed yields nothing");
        }
    }
}
