namespace FacePortal.Web.Platform.Data;

/// <summary>
/// An adversarial robustness evaluation of a pair set (Torch build). Its state and progress live in its job; each pair's
/// outcome is appended to <see cref="Pairs"/> as it is done, so a restarted job goes on from there; <see cref="Result"/>
/// holds the figures once every pair is done.
/// </summary>
public sealed class RobustnessRun
{
    public int Id { get; set; }

    public int PairSetId { get; set; }

    public int JobId { get; set; }

    /// <summary>The attacked model ("face-api", the one the Torch net rebuilds).</summary>
    public required string Model { get; set; }

    /// <summary>What was asked (attacks, budgets, goals, pairs, seed, threshold), as JSON.</summary>
    public required string Settings { get; set; }

    /// <summary>Where the threshold came from: "operating point 'x'", "given", "model default".</summary>
    public required string ThresholdSource { get; set; }

    public int Total { get; set; }

    /// <summary>The per-pair outcomes so far, as a JSON array.</summary>
    public string Pairs { get; set; } = "[]";

    /// <summary>A few example chips (original, perturbation magnified, adversarial), as JSON.</summary>
    public string Examples { get; set; } = "[]";

    /// <summary>The summary figures as JSON; null until every pair is done.</summary>
    public string? Result { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
