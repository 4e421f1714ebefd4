using FacePortal.Engine.Embedding;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using static FacePortal.Tests.Web.Features.Galleries.Models.GalleryModelTestSupport;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

[Collection(TwoModelEngineCollection.Name)]
public class GalleryEmbedJobTests(TwoModelEngineFixture fixture)
{
    private string SecondSignature => FaceDescriber.For(fixture.Engine, TwoModelEngineFixture.SecondModel).Signature;

    [Fact]
    public async Task RunAsync_EveryMeasuredFace_GetsTheModelsDescriptorFromItsStoredLandmarks()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1, 2);
        var faces = await FaceRowsAsync(db);
        var faceApi = await DescriptorsAsync(db, fixture.Engine.Pipeline.Signature);

        var job = await db.Models().StartEmbedAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default);
        await RunEmbedJobAsync(db, fixture, job);

        var second = await DescriptorsAsync(db, SecondSignature);
        Assert.Equal(faceApi.Count, second.Count);
        Assert.All(second.Values, v => Assert.Equal(16, v.Length));
        // The same as analysing each image with the second model from scratch: the stored landmarks were reused.
        var describer = FaceDescriber.For(fixture.Engine, TwoModelEngineFixture.SecondModel);
        await using var c = db.CreateDbContext();
        var compared = 0;
        foreach (var image in await c.Images.Include(i => i.Faces).ToListAsync())
        {
            // The seeded images keep their file names: "sample1.jpg"...
            var path = Path.Combine(FaceApiPackage.Directory, "demo", image.OriginalName);
            var analysed = describer.Analyze([await fixture.Engine.Decoder.DecodeFileAsync(path, default)], FaceSelection.All, null, default)[0];
            if (analysed.Route == DetectionRoute.Border)
            {
                continue;
            }
            foreach (var face in image.Faces.Where(f => second.ContainsKey(f.Id)))
            {
                var expected = analysed.Faces[face.Index].Descriptor!;
                Assert.True(expected.Zip(second[face.Id], (a, b) => Math.Abs(a - b)).Max() < 1e-4, $"face {face.Index} of {image.OriginalName}");
                compared++;
            }
        }
        Assert.True(compared >= 3, $"{compared} faces compared");
        // Nothing else was written: faces as they were, face-api's descriptors as they were.
        Assert.Equal(faces, await FaceRowsAsync(db));
        var after = await DescriptorsAsync(db, fixture.Engine.Pipeline.Signature);
        Assert.Equal(faceApi.Keys.Order(), after.Keys.Order());
        Assert.All(faceApi, p => Assert.Equal(p.Value, after[p.Key]));
        var state = (await c.Jobs.FindAsync(job))!;
        Assert.Equal(state.Total, state.Done);
        Assert.Contains(await c.Activity.Where(a => a.GalleryId == gallery).Select(a => a.Action).ToListAsync(), a => a == "embed");
    }

    [Fact]
    public async Task RunAsync_AfterARestart_SkipsTheFacesThatHaveTheDescriptorAndWritesNothingTwice()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1, 2);
        int firstFace;
        float[] marker = [.. Enumerable.Repeat(0.25f, 16)];
        await using (var c = db.CreateDbContext())
        {
            // As a job interrupted after its first batch leaves it.
            firstFace = await c.Faces.OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
            c.Descriptors.Add(new FaceDescriptor { FaceId = firstFace, Model = SecondSignature, Vector = marker, CreatedAt = DateTimeOffset.UnixEpoch });
            await c.SaveChangesAsync();
        }

        var job = await db.Models().StartEmbedAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default);
        await RunEmbedJobAsync(db, fixture, job);
        var first = await DescriptorsAsync(db, SecondSignature);
        await RunEmbedJobAsync(db, fixture, job);
        var second = await DescriptorsAsync(db, SecondSignature);

        Assert.Equal(marker, first[firstFace]);
        Assert.True(first.Count > 1, "the other faces were embedded");
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        await using var after = db.CreateDbContext();
        Assert.Equal(DateTimeOffset.UnixEpoch, await after.For(SecondSignature).Where(d => d.FaceId == firstFace).Select(d => d.CreatedAt).SingleAsync());
        Assert.Equal(first.Count, await after.Descriptors.CountAsync(d => d.Model == SecondSignature));
    }

    [Fact]
    public async Task EmbedNewFacesAsync_GalleryOnAnotherModel_QueuesOneEmbedThatDescribesTheNewFaces()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1);
        // On the default model there is nothing to do.
        Assert.Null(await db.Models().EmbedNewFacesAsync(gallery, "op", default));
        await db.Models().SetModelAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default);
        // As an import leaves it: a new image analysed with the default model only.
        var identity = await db.AddIdentityAsync(gallery, "sample2");
        await db.AddAnalyzedImageAsync(fixture.Engine, identity, Sample(2));

        var job = await db.Models().EmbedNewFacesAsync(gallery, "op", default);
        var again = await db.Models().EmbedNewFacesAsync(gallery, "op", default);
        await RunEmbedJobAsync(db, fixture, job!.Value);

        Assert.Null(again);
        await using var c = db.CreateDbContext();
        var faces = await c.Faces.Where(f => f.Image!.GalleryId == gallery).Select(f => f.Id).ToListAsync();
        var described = await c.For(SecondSignature).Select(d => d.FaceId).ToListAsync();
        Assert.NotEmpty(faces);
        Assert.All(faces, f => Assert.Contains(f, described));
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeItStarts_StoresNothingAndARerunCompletes()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1);
        var job = await db.Models().StartEmbedAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunEmbedJobAsync(db, fixture, job, new CancellationToken(canceled: true)));
        Assert.Empty(await DescriptorsAsync(db, SecondSignature));
        await RunEmbedJobAsync(db, fixture, job);

        Assert.Equal((await DescriptorsAsync(db, fixture.Engine.Pipeline.Signature)).Count, (await DescriptorsAsync(db, SecondSignature)).Count);
    }

    [Fact]
    public async Task StartEmbedAsync_UnknownModelOrViewer_Refused()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1);

        var unknown = await Assert.ThrowsAsync<FacePortal.Web.Features.Galleries.GalleryException>(() => db.Models().StartEmbedAsync(gallery, "no-such-model", TestUsers.Operator, default));
        Assert.Contains(TwoModelEngineFixture.SecondModel, unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => db.Models().StartEmbedAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Viewer, default));
        await using var c = db.CreateDbContext();
        Assert.Empty(await c.Jobs.ToListAsync());
    }
}
