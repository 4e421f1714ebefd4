namespace FacePortal.Web.Features.Robustness;

/// <summary>Limits and defaults of robustness evaluations (FacePortal:Robustness); Torch build only.</summary>
public sealed class RobustnessOptions
{
    public const string Section = "FacePortal:Robustness";

    /// <summary>Pairs attacked when the request names no number (a seeded sample of the set, half genuine, half impostor).</summary>
    public int DefaultPairs { get; set; } = 100;

    /// <summary>The most pairs one run may attack: each pair costs seconds of CPU per attack and budget.</summary>
    public int MaxPairs { get; set; } = 2000;

    /// <summary>Example pairs kept per goal for the page.</summary>
    public int ExamplesPerGoal { get; set; } = 2;

    /// <summary>
    /// libtorch's CPU threads for the attacks; 0 keeps libtorch's default (one per core). 1 by default: on a busy
    /// machine its OpenMP threads spin against each other (measured: an attack 10x slower with the default).
    /// </summary>
    public int TorchThreads { get; set; } = 1;
}
