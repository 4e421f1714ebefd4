using System.Diagnostics;
using System.Globalization;
using FacePortal.Engine.Adaptation;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Adaptation;

/// <summary>
/// Head-only vs last-block adaptation on LFW, as <see cref="AdaptationBenchmarks"/> splits it (identities with at least
/// 10 images, 10 each, half trained on, seed 1): chips cut by the engine's pipeline, the activations entering
/// face-api's last block computed once (chip and mirror, as the flip-averaging pipeline sees them; cached in the temp
/// folder between runs); every held-out pair scored before (face-api, flip-averaged, normalised), after a head trained on
/// those descriptors, and after the last block + head. Each training runs ADAPT_BLOCK_BENCH_RUNS times (default 3): the
/// median time is printed with its ratio to the head-only run of the same round. Figures printed, not asserted.
/// </summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Benchmark")]
public class LastBlockAdaptationBenchmarks(EngineFixture fixture, ITestOutputHelper output)
{
    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var n) ? n : fallback;

    [BenchmarkFact]
    public void LastBlock_LfwTenImagesOrMore_HeadOnlyVsLastBlock()
    {
        var lfw = Path.Combine(RepoPaths.Lfw, "images");
        if (!Directory.Exists(lfw))
        {
            output.WriteLine("BENCH last-block: skipped, no LFW at " + lfw);
            return;
        }
        var each = Env("ADAPT_BENCH_IMAGES_EACH", 10);
        var epochs = Env("ADAPT_BENCH_EPOCHS", 30);
        var runs = Math.Max(1, Env("ADAPT_BLOCK_BENCH_RUNS", 3));
        var people = Directory.GetDirectories(lfw).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray())
            .Where(f => f.Length >= 10).Take(Env("ADAPT_BENCH_PEOPLE", int.MaxValue)).ToList();
        var files = people.SelectMany((p, id) => p.Take(each).Select(f => (File: f, Id: id))).ToList();
        var clock = Stopwatch.StartNew();
        var (inputs, labels) = BlockInputs(files);
        var inputSeconds = clock.Elapsed.TotalSeconds;

        var split = IdentitySplit.Make(labels, 0.5, 1);
        var train = Enumerable.Range(0, labels.Count).Where(i => split.Train.Contains(labels[i])).ToList();
        var test = Enumerable.Range(0, labels.Count).Where(i => split.HeldOut.Contains(labels[i])).ToList();
        var trainInputs = train.Select(i => inputs[i]).ToList();
        var trainLabels = train.Select(i => labels[i]).ToList();
        var testInputs = test.Select(i => inputs[i]).ToList();
        var testLabels = test.Select(i => labels[i]).ToList();
        output.WriteLine($"BENCH last-block: LFW {people.Count} identities, {labels.Count} chips ({inputSeconds:F0} s for chips and block inputs, cached in temp); "
            + $"train {split.Train.Count} / {train.Count}, held out {split.HeldOut.Count} / {test.Count}; {epochs} epochs, {runs} runs each; load {File.ReadAllText("/proc/loadavg").Trim()}");

        var headOptions = new HeadTrainingOptions { Epochs = epochs };
        // face-api itself, flip-averaged and normalised: the untrained last-block model (identity head) is exactly that.
        float[][] baseTrain, baseTest;
        using (var untrained = new LastBlockTrainer(TorchChips.Net, trainInputs, trainLabels, headOptions, 1e-4, null))
        {
            baseTrain = untrained.Embed(trainInputs);
            baseTest = untrained.Embed(testInputs);
        }
        Report("face-api, before (flip-averaged, L2-normalised)", Score(baseTest, testLabels), null);

        var headTimes = new List<double>();
        float[][] headTest = [];
        string headLoss = "";
        for (var r = 0; r < runs; r++)
        {
            clock.Restart();
            using var trainer = new HeadTrainer(baseTrain, trainLabels, headOptions, null);
            while (trainer.EpochsDone < trainer.TotalEpochs)
            {
                trainer.RunEpoch(default);
            }
            headTimes.Add(clock.Elapsed.TotalSeconds);
            var head = trainer.Export();
            headTest = [.. baseTest.Select(v => head.Apply(v))];
            headLoss = FormattableString.Invariant($"{trainer.Losses[0].Loss:F4} -> {trainer.Losses[^1].Loss:F4}");
        }
        var headMedian = Median(headTimes);
        Report($"head only, linear 128->128 batch-hard, {epochs} epochs (loss {headLoss})", Score(headTest, testLabels), FormattableString.Invariant($"median {headMedian:F2} s of {runs}"));

        foreach (var blockLr in new[] { 1e-5, 1e-4, 1e-3 })
        {
            var times = new List<double>();
            float[][] tuned = [];
            string loss = "";
            for (var r = 0; r < runs; r++)
            {
                clock.Restart();
                using var trainer = new LastBlockTrainer(TorchChips.Net, trainInputs, trainLabels, headOptions, blockLr, null);
                while (trainer.EpochsDone < trainer.TotalEpochs)
                {
                    trainer.RunEpoch(default);
                }
                times.Add(clock.Elapsed.TotalSeconds);
                tuned = trainer.Embed(testInputs);
                loss = FormattableString.Invariant($"{trainer.Losses[0].Loss:F4} -> {trainer.Losses[^1].Loss:F4}");
            }
            var median = Median(times);
            Report(FormattableString.Invariant($"last block + fc (lr {blockLr:G}) + linear head, batch-hard, {epochs} epochs (loss {loss})"), Score(tuned, testLabels),
                FormattableString.Invariant($"median {median:F2} s of {runs}, {median / headMedian:F1}x head only"));
        }
        output.WriteLine($"BENCH last-block: done; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private (List<float[]> Inputs, List<int> Labels) BlockInputs(List<(string File, int Id)> files)
    {
        var key = string.Join("|", files.Select(f => $"{Path.GetFileName(f.File)}:{f.Id}")) + "|" + fixture.Engine.Pipeline.Signature;
        var keyHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        var cache = Path.Combine(Path.GetTempPath(), "fp-block-bench-cache", keyHash + ".bin");
        var labelCache = cache + ".labels";
        if (LastBlockInputs.TryLoad(cache, keyHash) is { } cached && File.Exists(labelCache))
        {
            return ([.. cached], [.. File.ReadAllLines(labelCache).Select(l => int.Parse(l, CultureInfo.InvariantCulture))]);
        }
        var chips = new List<float[]>();
        var labels = new List<int>();
        foreach (var batch in files.Chunk(32))
        {
            var images = batch.Select(f => fixture.Engine.Decoder.DecodeFile(f.File)).ToList();
            var faces = fixture.Engine.Pipeline.Analyze(images, FaceSelection.Primary, CancellationToken.None);
            for (var i = 0; i < images.Count; i++)
            {
                if (faces[i].Primary is { Landmarks: { } landmarks, Descriptor: not null })
                {
                    chips.Add(fixture.Engine.Pipeline.Align(images[i], landmarks));
                    labels.Add(batch[i].Id);
                }
            }
        }
        var inputs = LastBlockInputs.Compute(TorchChips.Net, chips, mirror: true, 32, null, CancellationToken.None);
        LastBlockInputs.Save(cache, keyHash, inputs);
        File.WriteAllLines(labelCache, labels.Select(l => l.ToString(CultureInfo.InvariantCulture)));
        return ([.. inputs], labels);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // All held-out pairs, one fold; score = minus the L2 distance (higher = more alike).
    private static VerificationMetrics Score(float[][] embedded, List<int> labels)
    {
        var pairs = new List<ScoredPair>();
        for (var a = 0; a < embedded.Length; a++)
        {
            for (var b = a + 1; b < embedded.Length; b++)
            {
                double sum = 0;
                for (var i = 0; i < embedded[a].Length; i++)
                {
                    var d = embedded[a][i] - embedded[b][i];
                    sum += d * d;
                }
                pairs.Add(new ScoredPair(-Math.Sqrt(sum), labels[a] == labels[b], 0));
            }
        }
        return VerificationEvaluator.Evaluate(pairs);
    }

    private void Report(string label, VerificationMetrics m, string? time)
    {
        var tar = m.TarAtFar.First(t => Math.Abs(t.TargetFar - 1e-3) < 1e-12);
        output.WriteLine(FormattableString.Invariant(
            $"BENCH last-block {label}: {m.GenuineCount} genuine / {m.ImpostorCount} impostor; TAR@FAR1e-3 {100 * tar.Tar:F2} %, AUC {m.Auc:F4}, EER {100 * m.Eer:F2} %, best-threshold accuracy {100 * m.BestThresholdAccuracy:F2} %{(time is null ? "" : "; training " + time)}"));
    }
}
