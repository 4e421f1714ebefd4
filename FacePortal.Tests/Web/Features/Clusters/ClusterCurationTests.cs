using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Clusters;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static FacePortal.Tests.Web.Features.Clusters.ClusterTestSupport;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>The clustering job and the cluster view's actions over a real database, with the real engine's model.</summary>
[Collection(EngineCollection.Name)]
public class ClusterCurationTests(EngineFixture engine)
{
    private string Model => Signature(engine);

    private static async Task<List<int>> IdentityImagesAsync(PortalTestDatabase data, int identityId)
    {
        await using var db = data.CreateDbContext();
        return await db.Images.Where(i => i.IdentityId == identityId).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
    }

    [Fact]
    public async Task Job_PlantedPeople_OneClusterEachStrangersAloneAtTheModelsDefault()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [6, 5, 4], strangers: 2);

        var jobId = await ClusterAsync(data, p.Gallery);

        var o = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        Assert.Equal((17, 0, 5, 2), (o.UnlabelledFaces, o.Unclustered, o.Clusters, o.Singletons));
        Assert.Equal(0.5, o.Threshold); // face-api's clustering default: no evaluation to derive one from
        Assert.Equal([6, 5, 4, 1, 1], o.Largest.Select(c => c.Size));
        for (var person = 0; person < 3; person++)
        {
            Assert.Equal(p.Faces[person], o.Largest[person].Faces.Select(f => f.ImageId).Order());
            Assert.InRange(o.Largest[person].Cohesion, 0.1, 0.6);
        }
        await using var db = data.CreateDbContext();
        var job = await db.Jobs.SingleAsync(j => j.Id == jobId);
        Assert.Equal(JobState.Queued, job.State); // run here, not by the runner: the handler reported, the runner never took it
        Assert.Equal((20, 20), (job.Done, job.Total)); // 17 faces through the neighbour search, then three steps
        Assert.Contains("17 unlabelled faces in 5 clusters (2 single faces)", (await db.Activity.SingleAsync(a => a.GalleryId == p.Gallery && a.Action == "cluster")).Details);
    }

    [Fact]
    public async Task Job_RunAgainAfterARestart_ReplacesTheClustersWithTheSameOnes()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4, 3]);
        var jobId = await ClusterAsync(data, p.Gallery);
        var first = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest.Select(c => c.Faces.Select(f => f.ImageId).Order().ToList()).ToList();

        // A resumed job runs again from the start: the result replaces, never doubles.
        await RunJobAsync(data, jobId);

        var again = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        Assert.Equal(2, again.Clusters);
        Assert.Equal(first, again.Largest.Select(c => c.Faces.Select(f => f.ImageId).Order().ToList()));
    }

    /// <summary>Runs the job and stops it (as a shutdown does) right after the progress report that follows <paramref name="faces"/> faces.</summary>
    private static async Task StopAfterAsync(PortalTestDatabase data, int jobId, int faces, ClusterOptions options)
    {
        using var stop = new CancellationTokenSource();
        var notifier = new JobNotifier();
        // The filter runs inside the handler's report, so the stop lands before the next batch starts.
        using var feed = notifier.Subscribe(p =>
        {
            if (p.JobId == jobId && p.Done >= faces && p.Message?.Contains("neighbours of", StringComparison.Ordinal) == true)
            {
                stop.Cancel();
            }
            return false;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunJobAsync(data, jobId, options, stop.Token, notifier));
    }

    [Fact]
    public async Task Job_StoppedMidway_ResumesFromItsCheckpointAndFindsTheSameClusters()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [6, 5, 4], strangers: 2);
        var options = new ClusterOptions { CheckpointFaces = 4 };
        var jobId = await data.Clusters().StartAsync(p.Gallery, null, null, TestUsers.Operator, CancellationToken.None);

        await StopAfterAsync(data, jobId, 8, options);

        var checkpoints = Checkpoints(data);
        var path = checkpoints.PathFor(jobId);
        Assert.True(File.Exists(path));
        await using (var db = data.CreateDbContext())
        {
            Assert.False(await db.FaceClusters.AnyAsync());
        }
        // A stop in the middle of writing a batch leaves half a record: it is dropped on reading.
        await File.AppendAllBytesAsync(path, [40, 0, 0, 0, 8, 0, 0, 0, 4]);

        await RunJobAsync(data, jobId, options);

        var o = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        Assert.Equal((17, 5, 2), (o.UnlabelledFaces, o.Clusters, o.Singletons));
        for (var person = 0; person < 3; person++)
        {
            Assert.Equal(p.Faces[person], o.Largest[person].Faces.Select(f => f.ImageId).Order());
        }
        await using (var db = data.CreateDbContext())
        {
            Assert.Contains("(resumed after a restart at face 8)", (await db.Activity.SingleAsync(a => a.GalleryId == p.Gallery && a.Action == "cluster")).Details);
        }
        Assert.False(File.Exists(path)); // done: the checkpoint goes
    }

    [Fact]
    public async Task Job_FacesChangedWhileStopped_StartsOverAndClustersTheNewFaceToo()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [6, 5], strangers: 1);
        var options = new ClusterOptions { CheckpointFaces = 4 };
        var jobId = await data.Clusters().StartAsync(p.Gallery, null, null, TestUsers.Operator, CancellationToken.None);
        await StopAfterAsync(data, jobId, 4, options);
        var added = await AddUnlabelledAsync(data, p.Holding, p.Centres[0], Model);

        await RunJobAsync(data, jobId, options);

        var o = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        Assert.Equal((13, 3), (o.UnlabelledFaces, o.Clusters));
        Assert.Equal([.. p.Faces[0], added], o.Largest[0].Faces.Select(f => f.ImageId).Order());
        await using var db = data.CreateDbContext();
        Assert.DoesNotContain("resumed", (await db.Activity.SingleAsync(a => a.GalleryId == p.Gallery && a.Action == "cluster")).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_OfJobsThatWillNotRunAgain_AreSweptByTheNextJob()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4, 3]);
        var options = new ClusterOptions { CheckpointFaces = 2 };
        var stopped = await data.Clusters().StartAsync(p.Gallery, null, null, TestUsers.Operator, CancellationToken.None);
        await StopAfterAsync(data, stopped, 2, options);
        var path = Checkpoints(data).PathFor(stopped);
        Assert.True(File.Exists(path));
        await using (var db = data.CreateDbContext())
        {
            await db.Jobs.Where(j => j.Id == stopped).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Cancelled));
        }

        await ClusterAsync(data, p.Gallery, options: options);

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Job_Cancelled_WritesNothing()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4, 3]);
        var jobId = await data.Clusters().StartAsync(p.Gallery, null, null, TestUsers.Operator, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunJobAsync(data, jobId, null, cts.Token));

        await using var db = data.CreateDbContext();
        Assert.False(await db.FaceClusters.AnyAsync());
    }

    [Fact]
    public async Task Name_NewIdentity_FacesMoveAndUndoPutsThemBack()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [5, 3]);
        await ClusterAsync(data, p.Gallery);
        var cluster = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest[0];

        var alice = (await data.ClusterCuration().NameAsync(cluster.Id, "  Alice ", TestUsers.Operator, CancellationToken.None)).Result;

        Assert.Equal(p.Faces[0], await IdentityImagesAsync(data, alice));
        Assert.Equal(["Alice"], (await data.Reader.ListIdentitiesAsync(p.Gallery, null, CancellationToken.None)).Select(i => i.Name));
        var after = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        Assert.Equal((3, 1), (after.UnlabelledFaces, after.Clusters));
        await Assert.ThrowsAsync<GalleryException>(() => data.ClusterCuration().NameAsync(after.Largest[0].Id, "Alice", TestUsers.Operator, CancellationToken.None));

        var entry = (await data.Activity.LatestAsync(p.Gallery, 10, CancellationToken.None)).First(a => a.Action == "name-cluster");
        await data.Services.GetRequiredService<CurationUndo>().UndoAsync(entry.Id, false, TestUsers.Operator, CancellationToken.None);

        Assert.Empty(await data.Reader.ListIdentitiesAsync(p.Gallery, null, CancellationToken.None));
        Assert.Equal([.. p.Faces[0], .. p.Faces[1]], await IdentityImagesAsync(data, p.Holding));
        Assert.Equal(2, (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Clusters);
    }

    [Fact]
    public async Task Merge_IntoAnExistingIdentity_AndUndo()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4]);
        var bob = await AddNamedAsync(data, p.Gallery, "Bob", p.Centres[0], Model, 2);
        var before = await IdentityImagesAsync(data, bob);
        await ClusterAsync(data, p.Gallery);
        var cluster = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest[0];

        Assert.Equal(4, (await data.ClusterCuration().MergeIntoAsync(cluster.Id, bob, TestUsers.Operator, CancellationToken.None)).Result);
        Assert.Equal([.. p.Faces[0], .. before], await IdentityImagesAsync(data, bob));
        // The holding identity is no merge target.
        await Assert.ThrowsAsync<GalleryException>(() => data.ClusterCuration().MergeIntoAsync(cluster.Id, p.Holding, TestUsers.Operator, CancellationToken.None));

        var entry = (await data.Activity.LatestAsync(p.Gallery, 10, CancellationToken.None)).First(a => a.Action == "name-cluster");
        await data.Services.GetRequiredService<CurationUndo>().UndoAsync(entry.Id, false, TestUsers.Operator, CancellationToken.None);
        Assert.Equal(before, await IdentityImagesAsync(data, bob));
    }

    [Fact]
    public async Task Split_TwoPeopleInOneCluster_TwoPureClustersAndUndoJoinsThem()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4, 3]);
        // A loose clustering put both people together (a threshold past the distance between them).
        await ClusterAsync(data, p.Gallery, threshold: 2.5);
        var joined = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        var cluster = Assert.Single(joined.Largest);
        var split = new ClusterCuration(data.Services.GetRequiredService<GalleryWriter>(), Microsoft.Extensions.Options.Options.Create(new ClusterOptions { SplitFactor = 0.2 }));

        Assert.Equal(2, (await split.SplitAsync(cluster.Id, TestUsers.Operator, CancellationToken.None)).Result);

        var parts = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest;
        Assert.Equal([p.Faces[0], p.Faces[1]], parts.Select(c => c.Faces.Select(f => f.ImageId).Order().ToList()));
        Assert.Equal(0.5, parts[0].Threshold, 9);
        var entry = (await data.Activity.LatestAsync(p.Gallery, 10, CancellationToken.None)).First(a => a.Action == "split-cluster");
        await data.Services.GetRequiredService<CurationUndo>().UndoAsync(entry.Id, false, TestUsers.Operator, CancellationToken.None);
        var undone = Assert.Single((await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest);
        Assert.Equal(7, undone.Size);
        // One person alone does not split at a stricter threshold: said, nothing changed.
        await ClusterAsync(data, p.Gallery);
        var alone = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest[0];
        await Assert.ThrowsAsync<GalleryException>(() => data.ClusterCuration().SplitAsync(alone.Id, TestUsers.Operator, CancellationToken.None));
    }

    [Fact]
    public async Task MoveOut_OneFace_OwnClusterStillUnlabelledAndUndo()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4]);
        await ClusterAsync(data, p.Gallery);
        var cluster = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest[0];
        var face = p.Faces[0][2];

        await data.ClusterCuration().MoveOutAsync(cluster.Id, face, TestUsers.Operator, CancellationToken.None);

        var o = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!;
        Assert.Equal([3, 1], o.Largest.Select(c => c.Size));
        Assert.Equal(face, o.Largest[1].Faces[0].ImageId);
        Assert.Equal(4, o.UnlabelledFaces);
        var entry = (await data.Activity.LatestAsync(p.Gallery, 10, CancellationToken.None)).First(a => a.Action == "move-out-of-cluster");
        // A later move out of the same cluster: undoing the first says so and waits for a confirmation.
        await data.ClusterCuration().MoveOutAsync(cluster.Id, p.Faces[0][0], TestUsers.Operator, CancellationToken.None);
        var undo = data.Services.GetRequiredService<CurationUndo>();
        Assert.Contains($"cluster {cluster.Id} was changed again later", Assert.Single((await undo.PreviewAsync(entry.Id, CancellationToken.None)).Conflicts));
        await Assert.ThrowsAsync<GalleryException>(() => undo.UndoAsync(entry.Id, false, TestUsers.Operator, CancellationToken.None));
        await undo.UndoAsync(entry.Id, true, TestUsers.Operator, CancellationToken.None);
        // Overruled: the first undo puts all four back; the later move (undone on its own, if wanted) still stands beside it.
        Assert.Equal([4, 1], (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest.Select(c => c.Size));
    }

    [Fact]
    public async Task Actions_Viewer_Refused()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [2]);
        await ClusterAsync(data, p.Gallery);
        var cluster = (await data.Clusters().OverviewAsync(p.Gallery, CancellationToken.None))!.Largest[0];

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.ClusterCuration().NameAsync(cluster.Id, "X", TestUsers.Viewer, CancellationToken.None));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => data.Clusters().StartAsync(p.Gallery, null, null, TestUsers.Viewer, CancellationToken.None));
    }

    [Fact]
    public async Task HoldingIdentity_CannotBeRenamedOrMerged()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [2]);
        var alice = await AddNamedAsync(data, p.Gallery, "Alice", p.Centres[0], Model, 1);

        await Assert.ThrowsAsync<GalleryException>(() => data.Identities.RenameIdentityAsync(p.Holding, "Bob", TestUsers.Operator, CancellationToken.None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Identities.MergeIdentitiesAsync(p.Holding, alice, TestUsers.Operator, CancellationToken.None));
        await Assert.ThrowsAsync<GalleryException>(() => data.Identities.MergeIdentitiesAsync(alice, p.Holding, TestUsers.Operator, CancellationToken.None));
        Assert.Equal(2, (await IdentityImagesAsync(data, p.Holding)).Count);
    }

    [Fact]
    public async Task Suggestions_NearestNamedIdentity_AcceptFilesThemRejectIsRememberedAcrossReloadsAndReclustering()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4, 3, 3]);
        var alice = await AddNamedAsync(data, p.Gallery, "Alice", p.Centres[0], Model, 3);
        var bob = await AddNamedAsync(data, p.Gallery, "Bob", p.Centres[1], Model, 2, seed: 11);
        await ClusterAsync(data, p.Gallery);

        var suggestions = await data.Suggestions().ListAsync(p.Gallery, CancellationToken.None);

        // Person 2 looks like no one named: no suggestion for that cluster.
        Assert.Equal(["Alice", "Bob"], suggestions.Select(s => s.IdentityName).Order());
        var forAlice = suggestions.Single(s => s.IdentityId == alice);
        Assert.Equal(p.Faces[0], forAlice.Faces.Select(f => f.ImageId).Order());
        Assert.InRange(forAlice.Distance, 0, 0.6);

        await data.Suggestions().RejectAsync(forAlice.ClusterId, alice, TestUsers.Operator, CancellationToken.None);
        var forBob = suggestions.Single(s => s.IdentityId == bob);
        await data.Suggestions().AcceptAsync(forBob.ClusterId, bob, TestUsers.Operator, CancellationToken.None);
        Assert.Equal(5, (await IdentityImagesAsync(data, bob)).Count);

        // A fresh service over the same database (the portal restarted), and the faces clustered again (new cluster rows).
        var reloaded = new ClusterSuggestions(data, data.ClusterCuration(), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new ClusterOptions()));
        Assert.Empty(await reloaded.ListAsync(p.Gallery, CancellationToken.None));
        await ClusterAsync(data, p.Gallery);
        Assert.Empty(await reloaded.ListAsync(p.Gallery, CancellationToken.None));
    }

    [Fact]
    public async Task Reject_UndoneFromTheActivityList_TheSuggestionComesBackAndAnEarlierRejectionStays()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [4, 3]);
        var alice = await AddNamedAsync(data, p.Gallery, "Alice", p.Centres[0], Model, 3);
        await ClusterAsync(data, p.Gallery);
        var forAlice = Assert.Single(await data.Suggestions().ListAsync(p.Gallery, CancellationToken.None));
        var undo = data.Services.GetRequiredService<CurationUndo>();

        var first = await data.Suggestions().RejectAsync(forAlice.ClusterId, alice, TestUsers.Operator, CancellationToken.None);
        var again = await data.Suggestions().RejectAsync(forAlice.ClusterId, alice, TestUsers.Operator, CancellationToken.None);

        Assert.Equal((4, 0), (first.Result, again.Result)); // the second adds nothing: the faces were rejected already
        Assert.Empty(await data.Suggestions().ListAsync(p.Gallery, CancellationToken.None));
        // Undoing the second rejection leaves the first standing.
        await undo.UndoAsync(again.ActivityId, false, TestUsers.Operator, CancellationToken.None);
        Assert.Empty(await data.Suggestions().ListAsync(p.Gallery, CancellationToken.None));

        await undo.UndoAsync(first.ActivityId, false, TestUsers.Operator, CancellationToken.None);

        var back = Assert.Single(await data.Suggestions().ListAsync(p.Gallery, CancellationToken.None));
        Assert.Equal((forAlice.ClusterId, alice), (back.ClusterId, back.IdentityId));
        await using var db = data.CreateDbContext();
        Assert.False(await db.SuggestionRejections.AnyAsync(r => r.GalleryId == p.Gallery));
        var entry = await db.Activity.SingleAsync(a => a.Id == first.ActivityId);
        Assert.Equal("reject-suggestion", entry.Action);
        Assert.NotNull(entry.UndoneBy);
    }

    [Fact]
    public async Task Unlabelled_LeftOutOfPairSets1ToNAndFindersAndCounts()
    {
        await using var data = await DatabaseAsync(engine);
        var p = await SeedAsync(data, Model, [5, 5]);
        var alice = await AddNamedAsync(data, p.Gallery, "Alice", p.Centres[0], Model, 3);

        await using var db = data.CreateDbContext();
        // 1:N index: only Alice's three faces, one identity.
        Assert.Equal((3, 1), await GalleryRows.CountAsync(db, p.Gallery, Model, CancellationToken.None));
        var rows = await GalleryRows.ReadAsync(db, p.Gallery, Model, 128, null, NullLogger.Instance, CancellationToken.None);
        Assert.All(rows, r => Assert.Equal(alice, r.IdentityId));
        // Pair sets: Alice's 3 pairs, none from the ten unlabelled faces (45 pairs if they counted as a person).
        var generation = new PairSetGeneration(data, Microsoft.Extensions.Options.Options.Create(new FacePortal.Engine.FaceEngineOptions()), TimeProvider.System);
        Assert.Equal(3, await generation.GenuineCapacityAsync(p.Gallery, true, 2, null, CancellationToken.None));
        // The mislabel finder would flag unlabelled faces of Alice's person as "filed under the wrong name".
        Assert.Empty(await data.Curation.FindMislabelsAsync(p.Gallery, CancellationToken.None));
        var summary = (await data.Galleries.ListGalleriesAsync(CancellationToken.None)).Single(g => g.Id == p.Gallery);
        Assert.Equal(1, summary.Identities);
    }
}
