using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FacePortal.Tests.Web.Features.Galleries.Analysis.AnalysisGalleries;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

public class GalleryAnalysisTests
{
    // Ann (3 images) and Bob (3 images), Bob's face filed under Ann, and a copy of Ann's first file filed under Bob.
    private static async Task<(int Gallery, int Ann, int Bob, int Mislabelled, int Original, int Copy)> SeedAsync(PortalTestDatabase data)
    {
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        var bob = await data.AddIdentityAsync(gallery, "Bob");
        var bytes = data.UniqueBytes();
        var original = await data.AddImageAsync(ann, bytes, "ann1.jpg", PortalTestDatabase.Face([1, 0, 0]));
        await data.AddImageAsync(ann, null, "ann2.jpg", PortalTestDatabase.Face([0.9f, 0.1f, 0]));
        await data.AddImageAsync(ann, null, "ann3.jpg", PortalTestDatabase.Face([0.95f, 0, 0.1f]));
        await data.AddImageAsync(bob, null, "bob1.jpg", PortalTestDatabase.Face([0, 1, 0]));
        await data.AddImageAsync(bob, null, "bob2.jpg", PortalTestDatabase.Face([0.1f, 0.9f, 0]));
        await data.AddImageAsync(bob, null, "bob3.jpg", PortalTestDatabase.Face([0, 0.95f, 0.1f]));
        var copy = await data.AddImageAsync(bob, bytes, "copy.jpg", PortalTestDatabase.Face([1, 0, 0]));
        var wrong = await data.AddImageAsync(ann, null, "really-bob.jpg", PortalTestDatabase.Face([0.05f, 1, 0.05f]));
        return (gallery, ann, bob, wrong.Id, original.Id, copy.Id);
    }

    private static async Task<Job> RunJobAsync(PortalTestDatabase data, int gallery, CancellationToken cancellationToken = default)
    {
        var job = new Job { Kind = GalleryAnalysisJobHandler.JobKind, Title = "t", Parameters = new GalleryAnalysisParameters(gallery, "test-model").ToJson(), State = JobState.Running, CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = data.CreateDbContext())
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync(None);
        }
        var handler = data.Services.GetServices<IJobHandler>().OfType<GalleryAnalysisJobHandler>().SingleOrDefault()
            ?? new GalleryAnalysisJobHandler(data.Analysis(), Microsoft.Extensions.Logging.Abstractions.NullLogger<GalleryAnalysisJobHandler>.Instance);
        await handler.RunAsync(new JobContext(job, data, data.Services.GetRequiredService<JobNotifier>(), TimeProvider.System), cancellationToken);
        return job;
    }

    [Fact]
    public async Task Job_PlantedGallery_StoresWhatTheLiveFindersFind()
    {
        await using var data = await CreateAsync();
        var s = await SeedAsync(data);

        var job = await RunJobAsync(data, s.Gallery);

        var (status, suspects) = await data.Stored().MislabelsAsync(s.Gallery, None);
        var live = await data.Curation.FindMislabelsAsync(s.Gallery, None);
        Assert.True(status.Computed);
        Assert.False(status.Stale);
        Assert.False(status.Approximate);
        Assert.Equal(8, status.Faces);
        Assert.Equal(live.Select(x => (x.ImageId, x.OtherIdentityId)), suspects!.Select(x => (x.ImageId, x.OtherIdentityId)));
        Assert.Contains(suspects!, x => x.ImageId == s.Mislabelled && x.OtherIdentityName == "Bob" && x.OtherSamples.Count == 3);
        var (_, pairs) = await data.Stored().DuplicatesAsync(s.Gallery, 0.25, None);
        var livePairs = await data.Curation.FindDuplicatesAsync(s.Gallery, 0.25, None);
        Assert.Equal(livePairs.Select(p => (p.ImageA, p.ImageB, p.Exact)).Order(), pairs!.Select(p => (p.ImageA, p.ImageB, p.Exact)).Order());
        Assert.Contains(pairs!, p => p.Exact && p.ImageA == s.Original && p.ImageB == s.Copy && p.IdentityNameB == "Bob");
        Assert.Equal(job.Total, job.Done);
        Assert.Contains("8 faces analysed", job.Message);
    }

    [Fact]
    public async Task Stored_NotAnalysedYet_NullListsAndNotComputed()
    {
        await using var data = await CreateAsync();
        var s = await SeedAsync(data);

        var (status, pairs) = await data.Stored().DuplicatesAsync(s.Gallery, 0.25, None);

        Assert.False(status.Computed);
        Assert.Null(pairs);
        Assert.Null(await data.Stored().DefectsAsync(s.Gallery, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Stored().DuplicatesAsync(999_999, 0.25, None));
    }

    [Fact]
    public async Task Duplicates_StoredAnalysis_FollowsTheDistanceAndTheDismissals()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("g");
        var ann = await data.AddIdentityAsync(gallery, "Ann");
        var a = await data.AddImageAsync(ann, null, "a.jpg", PortalTestDatabase.Face([1, 0]));
        var b = await data.AddImageAsync(ann, null, "b.jpg", PortalTestDatabase.Face([1, 0.2f]));
        await data.ComputeAsync(gallery);

        Assert.Single((await data.Stored().DuplicatesAsync(gallery, 0.25, None)).Pairs!);
        Assert.Empty((await data.Stored().DuplicatesAsync(gallery, 0.1, None)).Pairs!);
        await Assert.ThrowsAsync<GalleryException>(() => data.Stored().DuplicatesAsync(gallery, double.NaN, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Stored().DuplicatesAsync(gallery, data.Stored().Options.AnalysisNearCeiling + 0.01, None));

        await data.Curation.DismissDuplicateAsync(b.Id, a.Id, TestUsers.Operator, None);

        var (status, pairs) = await data.Stored().DuplicatesAsync(gallery, 0.25, None);
        Assert.Empty(pairs!);
        Assert.True(status.Stale);
    }

    [Fact]
    public async Task Status_GalleryChangedSince_StaleAndTheChangeShowsAtOnce_RefreshClearsIt()
    {
        await using var data = await CreateAsync();
        var s = await SeedAsync(data);
        await data.ComputeAsync(s.Gallery);
        var first = (await data.Analysis().StatusAsync(s.Gallery, None))!;

        await data.GalleryImages.SetExcludedAsync([s.Mislabelled], true, TestUsers.Operator, None);

        var (stale, suspects) = await data.Stored().MislabelsAsync(s.Gallery, None);
        Assert.True(stale.Stale);
        Assert.DoesNotContain(suspects!, x => x.ImageId == s.Mislabelled);
        await data.ComputeAsync(s.Gallery);
        var fresh = (await data.Analysis().StatusAsync(s.Gallery, None))!;
        Assert.False(fresh.Stale);
        Assert.Equal(7, fresh.Faces);
        Assert.True(fresh.ComputedAt >= first.ComputedAt);
        await using var db = data.CreateDbContext();
        Assert.Equal(1, await db.GalleryAnalyses.CountAsync());
    }

    [Fact]
    public async Task Compute_CancelledMidway_StoresNothingAndTheOldResultStays()
    {
        await using var data = await CreateAsync();
        var s = await SeedAsync(data);
        await data.ComputeAsync(s.Gallery);
        await data.GalleryImages.SetExcludedAsync([s.Copy], true, TestUsers.Operator, None);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => data.Analysis().ComputeAsync(s.Gallery, "test-model", null, (done, total, stage) =>
        {
            // Cancelled once the neighbour graph is built, before the lists are stored.
            if (stage == "duplicates and mislabels")
            {
                cts.Cancel();
            }
            return Task.CompletedTask;
        }, cts.Token));

        var status = (await data.Analysis().StatusAsync(s.Gallery, None))!;
        Assert.Equal(8, status.Faces);
        Assert.True(status.Stale);
    }

    [Fact]
    public async Task Job_RunAgainAfterARestart_ReplacesTheResultOnce()
    {
        await using var data = await CreateAsync();
        var s = await SeedAsync(data);

        await RunJobAsync(data, s.Gallery);
        var second = await RunJobAsync(data, s.Gallery);

        await using var db = data.CreateDbContext();
        var row = await db.GalleryAnalyses.SingleAsync();
        Assert.Equal(second.Id, row.JobId);
        Assert.Equal(8, row.Faces);
    }

    [Fact]
    public async Task Job_GalleryDeleted_FailsWithAClearMessage()
    {
        await using var data = await CreateAsync();

        var e = await Assert.ThrowsAsync<GalleryException>(() => RunJobAsync(data, 424_242));

        Assert.Contains("no longer exists", e.Message);
    }

    [Fact]
    public async Task Refresh_QueuesOneJobPerGalleryAndModel_ViewerAndEmptyGalleryRefused()
    {
        await using var data = await CreateAsync();
        var s = await SeedAsync(data);
        var empty = await data.AddGalleryAsync("empty");

        var job = await data.Analysis().RefreshAsync(s.Gallery, TestUsers.Operator, None);
        var again = await data.Analysis().RefreshAsync(s.Gallery, TestUsers.Operator, None);

        Assert.Equal(job, again);
        Assert.Equal(job, (await data.Analysis().StatusAsync(s.Gallery, None))!.PendingJobId);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Analysis().RefreshAsync(s.Gallery, TestUsers.Viewer, None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Analysis().RefreshAsync(empty, TestUsers.Operator, None));
    }

    [Fact]
    public void Options_AnalysisSettings_Validated()
    {
        var validator = new GalleryOptionsValidator();

        Assert.True(validator.Validate(null, new GalleryOptions()).Succeeded);
        var bad = validator.Validate(null, new GalleryOptions { NearDuplicateDistance = 0.5, AnalysisNearCeiling = 0.4, AnalysisNeighbours = 0, AnalysisApproximateAbove = -1 });
        Assert.True(bad.Failed);
        Assert.Contains("AnalysisNearCeiling", bad.FailureMessage);
        Assert.Contains("AnalysisNeighbours", bad.FailureMessage);
        Assert.Contains("AnalysisApproximateAbove", bad.FailureMessage);
    }
}
