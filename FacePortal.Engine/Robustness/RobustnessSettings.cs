namespace FacePortal.Engine.Robustness;

/// <summary>What a robustness evaluation runs on each pair: attacks x budgets (pixel levels) x goals, and the defences measured.</summary>
public sealed record RobustnessSettings
{
    public const double MaxBudget = 64;

    public IReadOnlyList<AttackMethod> Attacks { get; init; } = [AttackMethod.Fgsm, AttackMethod.Pgd, AttackMethod.MiFgsm];

    public IReadOnlyList<double> Budgets { get; init; } = [1, 2, 4, 8];

    /// <summary>Dodging attacks the genuine pairs, impersonation the impostor pairs.</summary>
    public IReadOnlyList<AttackGoal> Goals { get; init; } = [AttackGoal.Dodging, AttackGoal.Impersonation];

    public IReadOnlyList<InputDefence> Defences { get; init; } = Enum.GetValues<InputDefence>();

    /// <summary>PGD and MI-FGSM iterations.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>PGD and MI-FGSM step as a share of the budget (0.25: four steps cross the ball).</summary>
    public double StepFraction { get; init; } = 0.25;

    public double Momentum { get; init; } = 1.0;

    /// <summary>The operating threshold: a distance, match when at most.</summary>
    public double Threshold { get; init; } = 0.6;

    /// <summary>Off: every attack spends all its iterations, so its margin also carries to the whole-image setting.</summary>
    public bool StopOnSuccess { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Also attack every defence adaptively (the gradient through the defence, BPDA where it is not differentiable), with
    /// <see cref="AdaptiveMethod"/> at every budget: a defence that only hides the gradient shows here. Costs one more
    /// attack per defence and budget (two passes for flip averaging).
    /// </summary>
    public bool AdaptiveDefences { get; init; }

    /// <summary>The attack run adaptively: PGD when asked for, else the strongest other one asked for.</summary>
    public AttackMethod AdaptiveMethod =>
        Attacks.Contains(AttackMethod.Pgd) ? AttackMethod.Pgd : Attacks.Contains(AttackMethod.MiFgsm) ? AttackMethod.MiFgsm : Attacks.FirstOrDefault();

    /// <summary>Null when usable, else what is wrong (said to the operator as it is).</summary>
    public string? Problem()
    {
        if (Attacks.Count == 0)
        {
            return "choose at least one attack";
        }
        if (Budgets.Count == 0)
        {
            return "give at least one budget";
        }
        if (Budgets.Any(b => !(b > 0) || b > MaxBudget))
        {
            return $"each budget must be more than 0 and at most {MaxBudget} pixel levels (got {string.Join(", ", Budgets)})";
        }
        if (Goals.Count == 0)
        {
            return "choose at least one goal (dodging, impersonation)";
        }
        if (Iterations is < 1 or > 200)
        {
            return $"iterations must be 1..200 (got {Iterations})";
        }
        if (!(StepFraction > 0) || StepFraction > 1)
        {
            return $"the step must be more than 0 and at most 1 budget (got {StepFraction})";
        }
        if (!(Threshold > 0) || !double.IsFinite(Threshold))
        {
            return $"the threshold must be a positive distance (got {Threshold})";
        }
        return null;
    }

    public AttackOptions For(AttackMethod method, double budget, AttackGoal goal) => new()
    {
        Method = method,
        Goal = goal,
        EpsilonLevels = budget,
        StepLevels = budget * StepFraction,
        Iterations = Iterations,
        Momentum = Momentum,
        Threshold = Threshold,
        StopOnSuccess = StopOnSuccess,
        RandomStart = true,
        Seed = Seed,
    };
}
