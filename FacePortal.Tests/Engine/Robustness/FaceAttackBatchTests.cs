using System.Diagnostics;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using TorchSharp;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Robustness;

/// <summary>The batched attacks against the one-at-a-time path they replace in the job.</summary>
[Trait("Category", "Torch")]
public class FaceAttackBatchTests(ITestOutputHelper output)
{
    // Float64, so the batched convolutions' rounding cannot flip a gradient sign and the comparison can be tight.
    private static readonly Lazy<FaceRecognitionTorchNet> Net64 = new(() => TorchChips.NewNet(torch.ScalarType.Float64));

    [FaceApiGoldenFact]
    public void RunBatch_MixedRequests_EqualRunPerSample()
    {
        var crops = TorchChips.Crops();
        var net = Net64.Value;
        var own = TorchChips.Descriptor(net, crops[0].Chip);
        var other = TorchChips.Descriptor(net, crops[1].Chip);
        var clean = TorchChips.Distance(TorchChips.Descriptor(net, crops[0].Chip), other);
        var requests = new List<AttackRequest>
        {
            new(crops[0].Chip, other, new() { Method = AttackMethod.Fgsm, Goal = AttackGoal.Dodging, EpsilonLevels = 2, Threshold = 2 }),
            new(crops[2].Chip, own, new() { Method = AttackMethod.Pgd, Goal = AttackGoal.Impersonation, EpsilonLevels = 4, StepLevels = 1, Iterations = 3, StopOnSuccess = false, Seed = 7 }),
            new(crops[0].Chip, other, new() { Method = AttackMethod.MiFgsm, Goal = AttackGoal.Dodging, EpsilonLevels = 8, StepLevels = 2, Iterations = 3, Momentum = 0.9, StopOnSuccess = false, Seed = 3 }),
            new(crops[2].Chip, other, new() { Method = AttackMethod.MiFgsm, Goal = AttackGoal.Impersonation, EpsilonLevels = 3, StepLevels = 1, Iterations = 2, RandomStart = false, StopOnSuccess = false }),
            // Stops early (a threshold the first step crosses): the other rows go on without it.
            new(crops[0].Chip, other, new() { Method = AttackMethod.Pgd, Goal = AttackGoal.Dodging, EpsilonLevels = 8, StepLevels = 2, Iterations = 3, Threshold = clean + 0.02, StopOnSuccess = true, RandomStart = false }),
            // Budget 0 changes nothing, in a batch as alone.
            new(crops[1].Chip, own, new() { Method = AttackMethod.Pgd, EpsilonLevels = 0, Iterations = 3, StopOnSuccess = false }),
            new(crops[1].Chip, own, new() { Method = AttackMethod.Fgsm, EpsilonLevels = 0 }),
            // Adaptive rows go in their own batch and come back in their place.
            new(crops[2].Chip, other, new() { Method = AttackMethod.Pgd, EpsilonLevels = 4, StepLevels = 1, Iterations = 2, StopOnSuccess = false, AdaptTo = InputDefence.Blur }),
        };
        var attack = new FaceAttack(net);

        var batched = attack.RunBatch(requests, CancellationToken.None);

        Assert.Equal(requests.Count, batched.Count);
        for (var s = 0; s < requests.Count; s++)
        {
            var r = requests[s];
            var single = attack.Run(r.Chip, r.Reference, r.Options, CancellationToken.None);
            var b = batched[s];
            var maxDiff = single.Adversarial.Zip(b.Adversarial, (x, y) => Math.Abs(x - y)).Max();
            output.WriteLine($"{s} {r.Options.Method} {r.Options.Goal} eps {r.Options.EpsilonLevels}: {single.DistanceBefore:F4} -> {single.DistanceAfter:F4} " +
                $"in {single.IterationsRun}, batched -> {b.DistanceAfter:F4} in {b.IterationsRun}; max |pixel diff| {maxDiff:E1}");
            Assert.True(maxDiff <= 1e-4, $"request {s}: pixels differ by {maxDiff}");
            Assert.Equal(single.DistanceBefore, b.DistanceBefore, 9);
            Assert.Equal(single.DistanceAfter, b.DistanceAfter, 9);
            Assert.Equal(single.IterationsRun, b.IterationsRun);
            Assert.Equal(single.Succeeded, b.Succeeded);
            Assert.Equal(single.MaxPerturbationLevels, b.MaxPerturbationLevels, 4);
        }
        // The attacks did something (else equality proves little), except at budget 0.
        Assert.All(batched.Where((_, s) => requests[s].Options.EpsilonLevels > 0), b => Assert.True(b.MaxPerturbationLevels > 0));
        Assert.True(batched[4].Succeeded && batched[4].IterationsRun < 3, $"early stop: {batched[4].IterationsRun} iterations");
        foreach (var s in new[] { 5, 6 })
        {
            Assert.Equal(requests[s].Chip, batched[s].Adversarial);
            Assert.Equal(batched[s].DistanceBefore, batched[s].DistanceAfter);
        }
    }

    [FaceApiGoldenFact]
    public void RunBatch_BadRequest_IsRefusedBeforeAnyWork()
    {
        var chip = TorchChips.Crops()[0].Chip;
        var own = TorchChips.Descriptor(TorchChips.Net, chip);
        var attack = new FaceAttack(TorchChips.Net);

        Assert.Contains("150x150x3", Assert.Throws<ArgumentException>(() =>
            attack.RunBatch([new(chip, own, new()), new(new float[10], own, new())], CancellationToken.None)).Message);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => attack.RunBatch([new(chip, own, new() { EpsilonLevels = 8 })], cts.Token));
    }

    /// <summary>
    /// Seconds per attack, one pair's PGD at 1, 2, 4, 8 levels and 10 iterations: one at a time against one batch of four
    /// (then eight: two pairs), median of 5 after a warm-up, in the same process. Printed, not asserted. Run with
    /// OMP_NUM_THREADS=1 to compare like the job runs; FACEPORTAL_BATCH_MODEL names a catalogue model instead of face-api.
    /// </summary>
    [FaceApiGoldenFact]
    [Trait("Category", "Benchmark")]
    public void RunBatch_SecondsPerAttack_AgainstOneAtATime()
    {
        var model = Environment.GetEnvironmentVariable("FACEPORTAL_BATCH_MODEL");
        IRecognitionTorchNet net = model is { Length: > 0 } ? CatalogueChips.Net(model) : TorchChips.Net;
        var chips = model is { Length: > 0 } ? CatalogueChips.Chips(model) : [.. TorchChips.Crops().Take(3).Select(c => c.Chip)];
        var reference = CatalogueChips.Descriptor(net, chips[1]);
        var attack = new FaceAttack(net);
        AttackRequest Pgd(float[] chip, double budget) =>
            new(chip, reference, new() { Method = AttackMethod.Pgd, EpsilonLevels = budget, StepLevels = budget / 4, Iterations = 10, StopOnSuccess = false });
        var four = new[] { 1.0, 2, 4, 8 }.Select(b => Pgd(chips[0], b)).ToList();
        var eight = four.Concat(new[] { 1.0, 2, 4, 8 }.Select(b => Pgd(chips[2], b))).ToList();

        double Median(Action work, int count)
        {
            work();
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                work();
                times.Add(clock.Elapsed.TotalSeconds / count);
            }
            return times.Order().ElementAt(2);
        }
        var single = Median(() => four.ForEach(r => attack.Run(r.Chip, r.Reference, r.Options, CancellationToken.None)), four.Count);
        var batch4 = Median(() => attack.RunBatch(four, CancellationToken.None), four.Count);
        var batch8 = Median(() => attack.RunBatch(eight, CancellationToken.None), eight.Count);

        output.WriteLine($"{net.Name} PGD 10 iterations, s per attack (median of 5): one at a time {single:F3}, batch of 4 {batch4:F3} " +
            $"(ratio {single / batch4:F2}), batch of 8 {batch8:F3} (ratio {single / batch8:F2}); OMP_NUM_THREADS={Environment.GetEnvironmentVariable("OMP_NUM_THREADS") ?? "unset"}, " +
            $"load average {(File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a")}");
        Assert.True(single > 0 && batch4 > 0 && batch8 > 0);
    }
}
