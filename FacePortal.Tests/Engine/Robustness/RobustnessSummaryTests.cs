using FacePortal.Engine.Robustness;

namespace FacePortal.Tests.Engine.Robustness;

[Trait("Category", "Torch")]
public class RobustnessSummaryTests
{
    private static readonly RobustnessSettings Settings = new() { Attacks = [AttackMethod.Pgd], Budgets = [4], Defences = [InputDefence.Jpeg75] };

    private static PairRobustnessOutcome Pair(int id, bool same, double clean, double after, double? photoClean, double? photoAfter, double jpegClean, double jpegAfter,
        double? otherClean = null, double? otherAfter = null) => new()
    {
        PairId = id,
        Same = same,
        ChipDistance = clean,
        ImageDistance = photoClean,
        Defences = new() { ["Jpeg75"] = jpegClean },
        Transfer = otherClean is null ? [] : new() { ["other"] = otherClean },
        Attacks =
        [
            new AttackRunOutcome
            {
                Method = AttackMethod.Pgd, Budget = 4, ChipDistance = after, ImageDistance = photoAfter, Iterations = 10, Seconds = 0.5,
                Defences = new() { ["Jpeg75"] = jpegAfter }, Transfer = otherAfter is null ? [] : new() { ["other"] = otherAfter },
            },
        ],
    };

    [Fact]
    public void From_CountsSuccessesAmongThePairsRightBeforeTheAttack()
    {
        List<PairRobustnessOutcome> outcomes =
        [
            Pair(1, true, 0.4, 0.9, 0.4, 0.5, 0.4, 0.5, 0.3, 0.8),    // genuine: chip flipped, photo not, JPEG undoes it, transfer flips
            Pair(2, true, 0.5, 0.7, 0.45, null, 0.5, 0.7, 0.3, 0.3),  // genuine: flipped on the chip; the photo lost its face (a dodge)
            Pair(3, true, 0.7, 0.9, 0.7, 0.9, 0.7, 0.9, 0.3, 0.3),    // genuine but wrong before: not counted in the rate
            Pair(4, false, 0.9, 0.5, 0.9, 0.8, 0.9, 0.8, 0.9, 0.9),   // impostor: chip matched after, photo not
            new PairRobustnessOutcome { PairId = 5, Same = false, Skipped = "no usable face in image A" },
        ];

        var s = RobustnessSummary.From(outcomes, Settings, [new TransferModelInfo("other", 0.6)]);

        Assert.Equal((5, 3, 1, 1), (s.Pairs, s.Genuine, s.Impostors, s.Skipped));
        Assert.Equal(0.75, s.CleanChipAccuracy, 6);
        var dodging = s.Cells.Single(c => c.Goal == AttackGoal.Dodging);
        Assert.Equal((2, 2), (dodging.Chip.Successes, dodging.Chip.Trials));
        Assert.Equal((1, 2), (dodging.Image!.Value.Successes, dodging.Image.Value.Trials));
        Assert.Equal(0, dodging.ChipAccuracy, 6);
        Assert.True(dodging.Chip.Lower is > 0 and < 1, "a Wilson interval, not a point");
        var impersonation = s.Cells.Single(c => c.Goal == AttackGoal.Impersonation);
        Assert.Equal((1, 1), (impersonation.Chip.Successes, impersonation.Chip.Trials));
        Assert.Equal((0, 1), (impersonation.Image!.Value.Successes, impersonation.Image.Value.Trials));
        var jpeg = s.Defences.Single();
        Assert.Equal(0.75, jpeg.CleanAccuracy, 6);
        Assert.Equal(0, jpeg.CleanAccuracyChange, 6);
        var jpegDodging = jpeg.Cells.Single(c => c.Goal == AttackGoal.Dodging);
        Assert.Equal((1, 2), (jpegDodging.Rate.Successes, jpegDodging.Rate.Trials));
        var transfer = s.Transfer.Single(t => t.Goal == AttackGoal.Dodging);
        Assert.Equal((1, 3), (transfer.Rate.Successes, transfer.Rate.Trials));
        Assert.Null(s.TransferNote);
        Assert.Equal(0.5, s.Timings.Single().MeanSeconds, 6);
        Assert.Equal([0.75, 0.0], s.Accuracy.Select(a => a.Chip));
    }

    [Fact]
    public void From_AdaptiveAttacks_CountedPerDefenceBesideTheUnawareOnes()
    {
        // Two genuine pairs right under JPEG: the unaware attack flips one after JPEG, the adaptive one flips both.
        PairRobustnessOutcome Adaptive(int id, double jpegAfter, double adaptiveAfter)
        {
            var p = Pair(id, true, 0.4, 0.9, null, null, 0.4, jpegAfter);
            p.Attacks[0].Adaptive["Jpeg75"] = adaptiveAfter;
            return p;
        }
        List<PairRobustnessOutcome> outcomes = [Adaptive(1, 0.5, 0.7), Adaptive(2, 0.8, 0.9)];

        var adaptive = RobustnessSummary.From(outcomes, Settings with { AdaptiveDefences = true }, []).Defences.Single();
        var plain = RobustnessSummary.From(outcomes, Settings, []).Defences.Single();

        var dodging = adaptive.Adaptive.Single(c => c.Goal == AttackGoal.Dodging);
        Assert.Equal((AttackMethod.Pgd, 4.0), (dodging.Method, dodging.Budget));
        Assert.Equal((2, 2), (dodging.Rate.Successes, dodging.Rate.Trials));
        Assert.Equal((1, 2), (adaptive.Cells.Single(c => c.Goal == AttackGoal.Dodging).Rate.Successes, 2));
        Assert.Empty(plain.Adaptive);
        Assert.Equal(AttackMethod.MiFgsm, (Settings with { Attacks = [AttackMethod.Fgsm, AttackMethod.MiFgsm] }).AdaptiveMethod);
    }

    [Fact]
    public void From_WithoutOtherModels_SaysSoInsteadOfATable()
    {
        var s = RobustnessSummary.From([Pair(1, true, 0.4, 0.9, 0.4, 0.5, 0.4, 0.5)], Settings, []);
        Assert.Empty(s.Transfer);
        Assert.Contains("Only face-api", s.TransferNote);
    }

    [Fact]
    public void Sample_IsSeededBalancedAndInTheSetsOrder()
    {
        var pairs = Enumerable.Range(0, 40).Select(i => (Id: i, Same: i % 4 == 0)).ToList(); // 10 genuine, 30 impostor
        var a = RobustnessSample.Choose(pairs, p => p.Same, [AttackGoal.Dodging, AttackGoal.Impersonation], 16, 7);
        var b = RobustnessSample.Choose(pairs, p => p.Same, [AttackGoal.Dodging, AttackGoal.Impersonation], 16, 7);
        var c = RobustnessSample.Choose(pairs, p => p.Same, [AttackGoal.Dodging, AttackGoal.Impersonation], 16, 8);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal((8, 8), (a.Count(p => p.Same), a.Count(p => !p.Same)));
        Assert.Equal(a.OrderBy(p => p.Id), a);
        // Fewer genuine pairs than half: the impostors fill the rest; one goal: only its pairs.
        var short24 = RobustnessSample.Choose(pairs, p => p.Same, [AttackGoal.Dodging, AttackGoal.Impersonation], 24, 1);
        Assert.Equal((10, 14), (short24.Count(p => p.Same), short24.Count(p => !p.Same)));
        Assert.All(RobustnessSample.Choose(pairs, p => p.Same, [AttackGoal.Impersonation], 12, 1), p => Assert.False(p.Same));
    }

    [Fact]
    public void Settings_RefuseWhatCannotRun()
    {
        Assert.Null(new RobustnessSettings().Problem());
        Assert.Contains("budget", new RobustnessSettings { Budgets = [0] }.Problem());
        Assert.Contains("budget", new RobustnessSettings { Budgets = [100] }.Problem());
        Assert.Contains("attack", new RobustnessSettings { Attacks = [] }.Problem());
        Assert.Contains("goal", new RobustnessSettings { Goals = [] }.Problem());
        Assert.Contains("iterations", new RobustnessSettings { Iterations = 0 }.Problem());
        Assert.Contains("step", new RobustnessSettings { StepFraction = 2 }.Problem());
    }
}
