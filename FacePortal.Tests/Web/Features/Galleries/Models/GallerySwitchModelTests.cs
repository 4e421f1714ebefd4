using FacePortal.Engine.Embedding;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Features.Identification;
using FacePortal.Web.Features.Verification;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using static FacePortal.Tests.Web.Features.Galleries.Models.GalleryModelTestSupport;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

[Collection(TwoModelEngineCollection.Name)]
public class GallerySwitchModelTests(TwoModelEngineFixture fixture)
{
    private string SecondSignature => FaceDescriber.For(fixture.Engine, TwoModelEngineFixture.SecondModel).Signature;

    private IdentificationService Identification(PortalTestDatabase db) => new(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)),
        new EmbeddedFaceSearch(new GalleryIndexCache(db, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance)), db, new GalleryImageLoader(db, db.Images));

    private static ImageInput Probe(int sample) => new($"sample{sample}.jpg", File.ReadAllBytes(Sample(sample)));

    private static string Answer(IdentificationResult r) =>
        $"{r.Model}|" + string.Join(";", r.Faces.Select(f => $"{f.Face.Index}:{f.Unknown}:" + string.Join(",", f.Candidates.Select(c => $"{c.Identity}@{c.Distance:F5}"))));

    [Fact]
    public async Task SetModelAsync_IdentifyAndVerifyFollowTheGallerysModel_SwitchingBackGivesTheSameResultsAndLosesNothing()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, identities) = await SeedAsync(db, fixture, 1, 2, 3);
        await db.Identities.TagIdentitiesAsync([identities[2]], ["vip"], [], TestUsers.Operator, default);
        var identify = Identification(db);
        var service = db.Models();

        var before = await identify.IdentifyAsync(Probe(2), gallery, new IdentifyOptions(), default);
        Assert.Equal(EmbeddingModelOptions.BuiltInName, before.Model);
        Assert.Equal("sample2", before.Primary!.Candidates[0].Identity);
        // Not embedded yet with the second model: its index for the gallery is empty.
        var unembedded = await identify.IdentifyAsync(Probe(2), gallery, new IdentifyOptions { Model = TwoModelEngineFixture.SecondModel }, default);
        Assert.All(unembedded.Faces, f => Assert.Empty(f.Candidates));

        await RunEmbedJobAsync(db, fixture, await service.StartEmbedAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default));
        await service.SetModelAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default);
        var switched = await identify.IdentifyAsync(Probe(2), gallery, new IdentifyOptions(), default);
        var state = await service.GetAsync(gallery, default);
        var verified = await new VerificationService(new FaceAnalyzer(_ => Task.FromResult(fixture.Engine)), db, new GalleryImageLoader(db, db.Images))
            .VerifyAsync(Probe(2), Probe(2), new VerifyOptions { GalleryId = gallery }, default);

        await service.SetModelAsync(gallery, null, TestUsers.Operator, default);
        var back = await identify.IdentifyAsync(Probe(2), gallery, new IdentifyOptions(), default);

        Assert.Equal(TwoModelEngineFixture.SecondModel, switched.Model);
        Assert.Equal(TwoModelEngineFixture.SecondModel, state!.InUse);
        Assert.Equal("sample2", switched.Primary!.Candidates[0].Identity);
        Assert.Equal(TwoModelEngineFixture.SecondModel, verified.Model);
        Assert.Equal(DistanceMetric.Cosine, verified.Metric);
        Assert.Equal(Answer(before), Answer(back));
        Assert.NotEqual(Answer(before), Answer(switched));
        // Labels, tags and curation are untouched; both models' descriptors are still there.
        await using var c = db.CreateDbContext();
        var names = await c.Identities.Where(i => i.GalleryId == gallery).OrderBy(i => i.Name).Select(i => i.Name + ":" + string.Join(",", i.Tags)).ToListAsync();
        Assert.Equal(["sample1:", "sample2:vip", "sample3:"], names);
        Assert.True(await c.For(SecondSignature).AnyAsync());
        Assert.True(await c.For(fixture.Engine.Pipeline.Signature).AnyAsync());
        Assert.Equal(["set-model", "set-model"], await c.Activity.Where(a => a.Action == "set-model").Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task SetModelAsync_UnknownModelOrViewer_RefusedAndNothingChanges()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1);

        await Assert.ThrowsAsync<FacePortal.Web.Features.Galleries.GalleryException>(() => db.Models().SetModelAsync(gallery, "no-such-model", TestUsers.Operator, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => db.Models().SetModelAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Viewer, default));

        var state = await db.Models().GetAsync(gallery, default);
        Assert.Null(state!.Model);
        Assert.Equal(EmbeddingModelOptions.BuiltInName, state.InUse);
        var counts = state.Models.ToDictionary(m => m.Name);
        Assert.Equal(state.Faces, counts[EmbeddingModelOptions.BuiltInName].Faces + counts[EmbeddingModelOptions.BuiltInName].FacesWithoutDescriptor);
        Assert.Equal(0, counts[TwoModelEngineFixture.SecondModel].Faces);
    }

    [Fact]
    public async Task Evaluation_WithAModelWhoseDescriptorsAreMissing_StoresOnlyThatModelsDescriptors()
    {
        await using var db = await DatabaseAsync(fixture);
        var (gallery, _) = await SeedAsync(db, fixture, 1, 2, 3);
        int pairSet;
        await using (var c = db.CreateDbContext())
        {
            var images = await c.Images.Where(i => i.GalleryId == gallery).OrderBy(i => i.Id).ToListAsync();
            var set = new PairSet
            {
                GalleryId = gallery, Name = "set", Source = "generated", Parameters = """{"seed":1,"negativeSampling":0}""",
                FoldCount = 1, PositiveCount = 1, NegativeCount = 2, CreatedAt = DateTimeOffset.UtcNow,
            };
            set.Pairs.Add(new EvaluationPair { Ordinal = 0, Fold = 0, Same = true, ImageAId = images[0].Id, ImageBId = images[0].Id });
            set.Pairs.Add(new EvaluationPair { Ordinal = 1, Fold = 0, Same = false, ImageAId = images[0].Id, ImageBId = images[1].Id });
            set.Pairs.Add(new EvaluationPair { Ordinal = 2, Fold = 0, Same = false, ImageAId = images[1].Id, ImageBId = images[2].Id });
            c.PairSets.Add(set);
            await c.SaveChangesAsync();
            pairSet = set.Id;
        }
        var faces = await FaceRowsAsync(db);
        var faceApi = await DescriptorsAsync(db, fixture.Engine.Pipeline.Signature);
        var evaluations = new EvaluationService(db, new JobService(db, new JobNotifier(), TimeProvider.System), new EvaluationScoreCache(db),
            Microsoft.Extensions.Options.Options.Create(fixture.Options), TimeProvider.System);

        var started = await evaluations.StartAsync(new StartEvaluationRequest(pairSet, TwoModelEngineFixture.SecondModel), TestUsers.Operator, default);
        await EvaluationTestRuns.RunJobAsync(db, fixture.Host, started.JobId);

        await using var after = db.CreateDbContext();
        Assert.Equal(3, await after.PairScores.CountAsync(s => s.RunId == started.Id && !s.MissingFace));
        var second = await DescriptorsAsync(db, SecondSignature);
        var primaries = await after.Images.Where(i => i.GalleryId == gallery).Select(i => i.Faces.Single(f => f.Index == i.PrimaryFaceIndex).Id).ToListAsync();
        Assert.Equal(primaries.Order(), second.Keys.Order());
        Assert.All(second.Values, v => Assert.Equal(16, v.Length));
        Assert.Equal(faces, await FaceRowsAsync(db));
        var faceApiAfter = await DescriptorsAsync(db, fixture.Engine.Pipeline.Signature);
        Assert.Equal(faceApi.Count, faceApiAfter.Count);
        Assert.All(faceApi, p => Assert.Equal(p.Value, faceApiAfter[p.Key]));
        // The same pair of images scores 1 (cosine distance 0): the stored descriptor was the one scored.
        var same = await after.PairScores.Where(s => s.RunId == started.Id && s.Same).Select(s => s.Score).SingleAsync();
        Assert.Equal(1.0, same, 5);
    }
}
