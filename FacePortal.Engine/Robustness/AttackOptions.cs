namespace FacePortal.Engine.Robustness;

public enum AttackMethod
{
    /// <summary>One signed-gradient step of the whole budget.</summary>
    Fgsm,
    /// <summary>Iterated signed steps, projected back into the L-inf ball each time.</summary>
    Pgd,
    /// <summary>PGD with a momentum of L1-normalised gradients (Dong et al. 2018).</summary>
    MiFgsm,
}

public enum AttackGoal
{
    /// <summary>Push the chip's descriptor beyond the threshold from its own reference.</summary>
    Dodging,
    /// <summary>Pull the chip's descriptor within the threshold of someone else's.</summary>
    Impersonation,
}

/// <summary>An L-inf attack on a 150x150 face chip; budget and step are in pixel levels (0..255).</summary>
public sealed record AttackOptions
{
    public AttackMethod Method { get; init; } = AttackMethod.Pgd;
    public AttackGoal Goal { get; init; } = AttackGoal.Dodging;
    public double EpsilonLevels { get; init; } = 8;
    /// <summary>Per-iteration step (PGD, MI-FGSM); FGSM always steps the whole budget.</summary>
    public double StepLevels { get; init; } = 1;
    public int Iterations { get; init; } = 10;
    public double Momentum { get; init; } = 1.0;
    /// <summary>Euclidean distance at which two descriptors count as one person (face-api's 0.6).</summary>
    public double Threshold { get; init; } = 0.6;
    /// <summary>Stop once the goal is met rather than spend the remaining iterations.</summary>
    public bool StopOnSuccess { get; init; } = true;
    /// <summary>PGD and MI-FGSM start from uniform noise in the budget (seeded, so runs repeat).</summary>
    public bool RandomStart { get; init; } = true;
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Adaptive attack: the gradient runs through this defence (<see cref="DefendedForward"/>) and the goal is judged on
    /// the defended chip against a reference described through the same defence. Null: the bare network.
    /// </summary>
    public InputDefence? AdaptTo { get; init; }

    public void Validate()
    {
        if (!(EpsilonLevels >= 0) || EpsilonLevels > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(EpsilonLevels), EpsilonLevels, "The budget must be 0..255 pixel levels.");
        }
        if (!(StepLevels > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(StepLevels), StepLevels, "The step must be positive.");
        }
        if (Iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "At least one iteration.");
        }
        if (!(Threshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be positive.");
        }
    }
}

/// <summary>The perturbed chip (NHWC 0..255), its distance to the reference before and after, and whether the goal was met.</summary>
public sealed record AttackResult(float[] Adversarial, double DistanceBefore, double DistanceAfter, bool Succeeded,
    int IterationsRun, double MaxPerturbationLevels);
