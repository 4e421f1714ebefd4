using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Robustness;

[Trait("Category", "Torch")]
public class FaceAttackTests(ITestOutputHelper output)
{
    private static readonly FaceAttack Attack = new(TorchChips.Net);

    [FaceApiGoldenFact]
    public void BudgetZero_ChangesNothing()
    {
        var chip = TorchChips.Crops()[0].Chip;
        var own = TorchChips.Descriptor(TorchChips.Net, chip);
        foreach (var method in Enum.GetValues<AttackMethod>())
        {
            var result = Attack.Run(chip, own, new AttackOptions { Method = method, EpsilonLevels = 0, Iterations = 3 }, CancellationToken.None);

            Assert.Equal(chip, result.Adversarial);
            Assert.Equal(0, result.MaxPerturbationLevels);
            Assert.Equal(result.DistanceBefore, result.DistanceAfter);
            Assert.False(result.Succeeded);
        }
    }

    [FaceApiGoldenFact]
    public void Dodging_LargeBudget_PushesBeyondThresholdWithinBudget()
    {
        var chip = TorchChips.Crops()[0].Chip;
        var own = TorchChips.Descriptor(TorchChips.Net, chip);
        foreach (var method in new[] { AttackMethod.Pgd, AttackMethod.MiFgsm })
        {
            var options = new AttackOptions { Method = method, Goal = AttackGoal.Dodging, EpsilonLevels = 16, StepLevels = 2, Iterations = 20 };
            var result = Attack.Run(chip, own, options, CancellationToken.None);
            output.WriteLine($"{method} dodging: {result.DistanceBefore:F3} -> {result.DistanceAfter:F3} in {result.IterationsRun} iterations, max delta {result.MaxPerturbationLevels}");

            Assert.True(result.Succeeded, $"{method}: distance {result.DistanceAfter}");
            Assert.True(result.MaxPerturbationLevels <= 16 + 1e-4);
            Assert.All(result.Adversarial, v => Assert.InRange(v, 0f, 255f));
            // The reported distance is the one a fresh forward pass gives.
            Assert.Equal(result.DistanceAfter, TorchChips.Distance(TorchChips.Descriptor(TorchChips.Net, result.Adversarial), own), 4);
        }
    }

    [FaceApiGoldenFact]
    public void Impersonation_LargeBudget_PullsWithinThreshold()
    {
        var crops = TorchChips.Crops();
        var descriptors = crops.Select(c => TorchChips.Descriptor(TorchChips.Net, c.Chip)).ToList();
        var pair = (from i in Enumerable.Range(0, crops.Count)
                    from j in Enumerable.Range(0, crops.Count)
                    where i != j && TorchChips.Distance(descriptors[i], descriptors[j]) > 0.6
                    select (i, j)).First();

        var options = new AttackOptions { Method = AttackMethod.Pgd, Goal = AttackGoal.Impersonation, EpsilonLevels = 24, StepLevels = 2, Iterations = 40, Threshold = 0.4 };
        var result = Attack.Run(crops[pair.i].Chip, descriptors[pair.j], options, CancellationToken.None);
        output.WriteLine($"{crops[pair.i].Name} as {crops[pair.j].Name}: {result.DistanceBefore:F3} -> {result.DistanceAfter:F3} in {result.IterationsRun} iterations");

        Assert.True(result.DistanceBefore > 0.6);
        Assert.True(result.MaxPerturbationLevels <= 24 + 1e-4);
        Assert.True(result.Succeeded, $"distance {result.DistanceAfter}");
    }

    [FaceApiGoldenFact]
    public void Fgsm_OneStep_LowersImpersonationDistance()
    {
        var crops = TorchChips.Crops();
        var target = TorchChips.Descriptor(TorchChips.Net, crops[0].Chip);
        var options = new AttackOptions { Method = AttackMethod.Fgsm, Goal = AttackGoal.Impersonation, EpsilonLevels = 4, Threshold = 0.05 };
        var result = Attack.Run(crops[1].Chip, target, options, CancellationToken.None);
        output.WriteLine($"FGSM impersonation: {result.DistanceBefore:F3} -> {result.DistanceAfter:F3}");

        Assert.Equal(1, result.IterationsRun);
        Assert.True(result.DistanceAfter < result.DistanceBefore - 0.05, $"{result.DistanceBefore} -> {result.DistanceAfter}");
        Assert.Equal(4, result.MaxPerturbationLevels, 3);
    }

    [FaceApiGoldenFact]
    public void BadInput_IsRefusedClearly()
    {
        var chip = TorchChips.Crops()[0].Chip;
        var own = TorchChips.Descriptor(TorchChips.Net, chip);

        Assert.Contains("150x150x3", Assert.Throws<ArgumentException>(() => Attack.Run(new float[10], own, new AttackOptions(), CancellationToken.None)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Attack.Run(chip, own, new AttackOptions { EpsilonLevels = -1 }, CancellationToken.None));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => Attack.Run(chip, own, new AttackOptions { EpsilonLevels = 8 }, cts.Token));
    }
}
