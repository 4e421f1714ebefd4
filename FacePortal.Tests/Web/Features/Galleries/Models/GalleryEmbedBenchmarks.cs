using System.Diagnostics;
using System.Globalization;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static FacePortal.Tests.Web.Features.Galleries.Models.GalleryModelTestSupport;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

/// <summary>
/// The gallery-embed job's faces per second on an LFW gallery beside `evaluate`'s images per second on the same images
/// (<see cref="ImageSetEmbedder"/>, what the verb runs, without its cache). Figures printed, not asserted.
/// </summary>
[Collection(TwoModelEngineCollection.Name)]
[Trait("Category", "Benchmark")]
public class GalleryEmbedBenchmarks(TwoModelEngineFixture fixture, ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task EmbedJob_LfwGallery_FacesPerSecondBesideEvaluate()
    {
        var lfw = Path.Combine(RepoPaths.Lfw, "images");
        if (!Directory.Exists(lfw))
        {
            output.WriteLine("BENCH gallery-embed: skipped, no LFW at " + lfw);
            return;
        }
        var count = int.TryParse(Environment.GetEnvironmentVariable("EMBED_BENCH_IMAGES"), CultureInfo.InvariantCulture, out var n) ? n : 400;
        var files = Directory.EnumerateDirectories(lfw).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.jpg").Order(StringComparer.Ordinal)).Take(count).ToList();
        await using var db = await DatabaseAsync(fixture);
        var gallery = await db.AddGalleryAsync("lfw");
        var identities = new Dictionary<string, int>();
        foreach (var file in files)
        {
            var person = Path.GetFileName(Path.GetDirectoryName(file)!);
            if (!identities.TryGetValue(person, out var id))
            {
                identities[person] = id = await db.AddIdentityAsync(gallery, person);
            }
            await db.AddAnalyzedImageAsync(fixture.Engine, id, file);
        }
        int faces;
        await using (var c = db.CreateDbContext())
        {
            faces = await c.Faces.CountAsync();
            // As a gallery imported before face-api's descriptors were kept: every face to embed again.
            await c.Descriptors.ExecuteDeleteAsync();
        }
        var models = db.Models();

        var faceApi = await TimeAsync(async () => await RunEmbedJobAsync(db, fixture, await models.StartEmbedAsync(gallery, EmbeddingModelOptions.BuiltInName, TestUsers.Operator, default)));
        var second = await TimeAsync(async () => await RunEmbedJobAsync(db, fixture, await models.StartEmbedAsync(gallery, TwoModelEngineFixture.SecondModel, TestUsers.Operator, default)));
        EmbedProgress last = default;
        var embedder = new ImageSetEmbedder(fixture.Engine.Pipeline, fixture.Engine.Decoder, cache: null);
        var evaluate = await TimeAsync(() => embedder.EmbedAsync(files, aligned: false, new Progress(p => last = p), default));

        output.WriteLine($"BENCH gallery-embed: {files.Count} LFW images, {faces} faces, {Environment.ProcessorCount} cores, {fixture.Engine.ExecutionProvider}, flip on, batch {fixture.Engine.Options.Pipeline.BatchSize}");
        output.WriteLine(FormattableString.Invariant($"BENCH gallery-embed face-api: {faceApi:F1} s, {faces / faceApi:F1} faces/s, {files.Count / faceApi:F1} images/s"));
        output.WriteLine(FormattableString.Invariant($"BENCH gallery-embed {TwoModelEngineFixture.SecondModel} (112x112 ArcFace-aligned, tiny net): {second:F1} s, {faces / second:F1} faces/s"));
        output.WriteLine(FormattableString.Invariant($"BENCH evaluate (ImageSetEmbedder, no cache) face-api: {evaluate:F1} s, {files.Count / evaluate:F1} images/s ({last.ImagesPerSecond:F1} by its own progress)"));
        output.WriteLine(FormattableString.Invariant($"BENCH gallery-embed / evaluate, images per second: {evaluate / faceApi:F2}x"));
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed.TotalSeconds;
    }

    private sealed class Progress(Action<EmbedProgress> report) : IProgress<EmbedProgress>
    {
        public void Report(EmbedProgress value) => report(value);
    }
}
