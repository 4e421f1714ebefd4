using System.Diagnostics;
using System.Globalization;
using FacePortal.Engine.Adaptation;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Models.Adapted;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;
using AdaptedThreshold = FacePortal.Web.Features.Adaptation.DefaultThreshold;

namespace FacePortal.Tests.Engine.Adaptation;

/// <summary>
/// The adaptation experiment on LFW: identities with at least 10 images, half trained on, half held out; face-api
/// descriptors from the engine (cached under the temp folder between runs); a head trained as the adaptation job trains
/// it; all held-out pairs scored before (face-api's own distance) and after (the head). Figures printed, not asserted.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Benchmark")]
public class AdaptationBenchmarks(EngineFixture fixture, ITestOutputHelper output)
{
    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var n) ? n : fallback;

    [BenchmarkFact]
    public async Task Adaptation_LfwTenImagesOrMore_HeldOutBeforeAndAfter()
    {
        var lfw = Path.Combine(RepoPaths.Lfw, "images");
        if (!Directory.Exists(lfw))
        {
            output.WriteLine("BENCH adaptation: skipped, no LFW at " + lfw);
            return;
        }
        var each = Env("ADAPT_BENCH_IMAGES_EACH", 10);
        var people = Directory.GetDirectories(lfw).Order(StringComparer.Ordinal)
            .Select(d => (Name: Path.GetFileName(d), Files: Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray()))
            .Where(p => p.Files.Length >= 10).Take(Env("ADAPT_BENCH_PEOPLE", int.MaxValue)).ToList();
        var files = people.SelectMany((p, id) => p.Files.Take(each).Select(f => (File: f, Id: id))).ToList();
        var clock = Stopwatch.StartNew();
        var embedder = new ImageSetEmbedder(fixture.Engine.Pipeline, fixture.Engine.Decoder, new DescriptorCache(Path.Combine(Path.GetTempPath(), "fp-adapt-bench-cache")));
        var described = await embedder.EmbedAsync([.. files.Select(f => f.File)], aligned: false, null, default);
        var embedSeconds = clock.Elapsed.TotalSeconds;
        var samples = files.Where(f => described[f.File].Descriptor is not null).Select(f => (Vector: described[f.File].Descriptor!, f.Id)).ToList();

        var split = IdentitySplit.Make(samples.Select(s => s.Id), 0.5, 1);
        Assert.Empty(split.Train.Intersect(split.HeldOut));
        var train = samples.Where(s => split.Train.Contains(s.Id)).ToList();
        var test = samples.Where(s => split.HeldOut.Contains(s.Id)).ToList();
        output.WriteLine($"BENCH adaptation: LFW {people.Count} identities with >= 10 images, {each} images each, {samples.Count} with a face ({embedSeconds:F0} s to describe, cache in temp); "
            + $"train {split.Train.Count} identities / {train.Count} images, held out {split.HeldOut.Count} / {test.Count}; {Environment.ProcessorCount} cores");
        Report("face-api (before)", Score(test, v => v));
        // For scale: face-api at its configured threshold on the same held-out pairs.
        output.WriteLine(FormattableString.Invariant($"BENCH adaptation threshold face-api (before): configured 0.6: {At(Distances(test, v => v), 0.6)}"));
        // Where every identity-started linear head begins: face-api's descriptors L2-normalised.
        var identity = new ProjectionHead([new DenseLayer(128, 128, [.. Enumerable.Range(0, 128 * 128).Select(i => i / 128 == i % 128 ? 1f : 0f)], new float[128])]);
        Report("face-api L2-normalised (the identity head, 0 epochs)", Score(test, v => identity.Apply(v)));

        var configurations = new (string Label, HeadTrainingOptions Options)[]
        {
            ("linear 128->128, batch-hard", new HeadTrainingOptions { Epochs = Env("ADAPT_BENCH_EPOCHS", 30) }),
            ("linear 128->128, semi-hard", new HeadTrainingOptions { Epochs = Env("ADAPT_BENCH_EPOCHS", 30), Mining = TripletMining.SemiHard }),
            ("mlp 128->256->128, softmax x5 then batch-hard", new HeadTrainingOptions { Head = HeadKind.Mlp, Epochs = Env("ADAPT_BENCH_EPOCHS", 30), Pretraining = PretrainingLoss.Softmax, PretrainingEpochs = 5 }),
        };
        foreach (var (label, options) in configurations)
        {
            clock.Restart();
            ProjectionHead head;
            IReadOnlyList<EpochLoss> losses;
            using (var trainer = new HeadTrainer([.. train.Select(s => s.Vector)], [.. train.Select(s => s.Id)], options, null))
            {
                while (trainer.EpochsDone < trainer.TotalEpochs)
                {
                    trainer.RunEpoch(default);
                }
                head = trainer.Export();
                losses = trainer.Losses;
            }
            var seconds = clock.Elapsed.TotalSeconds;
            output.WriteLine(FormattableString.Invariant($"BENCH adaptation {label}: {options.TotalEpochs} epochs in {seconds:F1} s, loss {losses[0].Loss:F4} -> {losses[^1].Loss:F4}"));
            Report($"{label} (after)", Score(test, v => head.Apply(v)));
            ReportThresholds(label, head, train, test);
        }
    }

    /// <summary>
    /// The adapted model's default threshold (<see cref="AdaptedThreshold"/>: balanced accuracy, fitted on the held-out
    /// identities as the job does, or on the training ones as before) judged on every held-out pair. The held-out fit
    /// is judged on the pairs it was fitted on, so it is also cross-fitted: fitted on one half of the held-out
    /// identities, judged on the other half, both ways.
    /// </summary>
    private void ReportThresholds(string label, ProjectionHead head, List<(float[] Vector, int Id)> train, List<(float[] Vector, int Id)> test)
    {
        static List<FacePortal.Web.Features.Adaptation.AdaptationData.Sample> Samples(IEnumerable<(float[] Vector, int Id)> s) =>
            [.. s.Select((x, i) => new FacePortal.Web.Features.Adaptation.AdaptationData.Sample(i, x.Id, x.Vector))];
        var distances = Distances(test, v => head.Apply(v));
        var fromHeldOut = AdaptedThreshold.BestAccuracy(head, Samples(test))!.Value;
        var fromTraining = AdaptedThreshold.BestAccuracy(head, Samples(train))!.Value;
        output.WriteLine(FormattableString.Invariant($"BENCH adaptation threshold {label}: fitted on held-out {fromHeldOut:F4}: {At(distances, fromHeldOut)}"));
        output.WriteLine(FormattableString.Invariant($"BENCH adaptation threshold {label}: fitted on training {fromTraining:F4}: {At(distances, fromTraining)}"));
        var halves = IdentitySplit.Make(test.Select(t => t.Id), 0.5, 2);
        foreach (var (fit, judge, name) in new[] { (halves.Train, halves.HeldOut, "A->B"), (halves.HeldOut, halves.Train, "B->A") })
        {
            var t = AdaptedThreshold.BestAccuracy(head, Samples(test.Where(x => fit.Contains(x.Id))))!.Value;
            output.WriteLine(FormattableString.Invariant(
                $"BENCH adaptation threshold {label}: cross-fit {name} ({fit.Count} -> {judge.Count} identities) {t:F4}: {At(Distances([.. test.Where(x => judge.Contains(x.Id))], v => head.Apply(v)), t)}"));
        }
    }

    private static List<(double Distance, bool Same)> Distances(List<(float[] Vector, int Id)> test, Func<float[], float[]> map) =>
        [.. ScoredPairs(test, map).Select(p => (-p.Score, p.Same))];

    // TAR and FAR at a distance threshold (match: distance at or below it) and the balanced accuracy the fit maximises.
    private static string At(List<(double Distance, bool Same)> pairs, double threshold)
    {
        var genuine = pairs.Where(p => p.Same).ToList();
        var impostor = pairs.Where(p => !p.Same).ToList();
        var tar = (double)genuine.Count(p => p.Distance <= threshold) / genuine.Count;
        var far = (double)impostor.Count(p => p.Distance <= threshold) / impostor.Count;
        var accuracy = (double)(genuine.Count(p => p.Distance <= threshold) + impostor.Count(p => p.Distance > threshold)) / pairs.Count;
        return FormattableString.Invariant($"TAR {100 * tar:F2} %, FAR {100 * far:F3} %, balanced accuracy {50 * (tar + 1 - far):F2} %, accuracy {100 * accuracy:F2} % ({genuine.Count} genuine / {impostor.Count} impostor)");
    }

    // All held-out pairs, one fold; score = minus the L2 distance (higher = more alike).
    private static VerificationMetrics Score(List<(float[] Vector, int Id)> test, Func<float[], float[]> map) =>
        VerificationEvaluator.Evaluate(ScoredPairs(test, map));

    private static List<ScoredPair> ScoredPairs(List<(float[] Vector, int Id)> test, Func<float[], float[]> map)
    {
        var mapped = test.Select(t => map(t.Vector)).ToArray();
        var pairs = new List<ScoredPair>();
        for (var a = 0; a < mapped.Length; a++)
        {
            for (var b = a + 1; b < mapped.Length; b++)
            {
                double sum = 0;
                for (var i = 0; i < mapped[a].Length; i++)
                {
                    var d = mapped[a][i] - mapped[b][i];
                    sum += d * d;
                }
                pairs.Add(new ScoredPair(-Math.Sqrt(sum), test[a].Id == test[b].Id, 0));
            }
        }
        return pairs;
    }

    private void Report(string label, VerificationMetrics m)
    {
        var tar = m.TarAtFar.First(t => Math.Abs(t.TargetFar - 1e-3) < 1e-12);
        output.WriteLine(FormattableString.Invariant(
            $"BENCH adaptation {label}: {m.GenuineCount} genuine / {m.ImpostorCount} impostor pairs; TAR@FAR1e-3 {100 * tar.Tar:F2} %, AUC {m.Auc:F4}, EER {100 * m.Eer:F2} %, best-threshold accuracy {100 * m.BestThresholdAccuracy:F2} %"));
    }
}
