namespace FacePortal.Engine.Robustness;

/// <summary>
/// One pair under attack. Distances: "chip" = the white-box network on the aligned chip (no flip); "image" = the full
/// pipeline (detector, landmarks, alignment, ONNX descriptor, flip as configured) on the whole photo, null when it found
/// no face; defences and transfer models by name. Image A is the one attacked; B is the reference.
/// </summary>
public sealed record PairRobustnessOutcome
{
    public int PairId { get; init; }

    public bool Same { get; init; }

    /// <summary>Why the pair could not be attacked (no face, unreadable image); null when it was.</summary>
    public string? Skipped { get; init; }

    public double ChipDistance { get; init; }

    public double? ImageDistance { get; init; }

    public Dictionary<string, double> Defences { get; init; } = [];

    public Dictionary<string, double?> Transfer { get; init; } = [];

    public List<AttackRunOutcome> Attacks { get; init; } = [];
}

/// <summary>One attack at one budget on the pair, with the distances it left in each setting.</summary>
public sealed record AttackRunOutcome
{
    public AttackMethod Method { get; init; }

    public double Budget { get; init; }

    public double ChipDistance { get; init; }

    public double? ImageDistance { get; init; }

    /// <summary>Largest change of an image pixel once carried to the photo (whole levels).</summary>
    public int ImageMaxDelta { get; init; }

    public Dictionary<string, double> Defences { get; init; } = [];

    public Dictionary<string, double?> Transfer { get; init; } = [];

    /// <summary>
    /// Per defence, the defended chip's distance after an adaptive attack on that defence (same method and budget); only
    /// on the settings' adaptive method, and only when adaptive attacks were asked for. The better, for the attacker, of the
    /// attack through the defence and this run's unaware perturbation.
    /// </summary>
    public Dictionary<string, double> Adaptive { get; init; } = [];

    public int Iterations { get; init; }

    public double Seconds { get; init; }
}

/// <summary>An example for the page: the chip before, the perturbation magnified (mid-grey = none), the chip after; PNG bytes.</summary>
public sealed record RobustnessExample(int PairId, bool Same, AttackMethod Method, double Budget, double DistanceBefore, double DistanceAfter,
    byte[] Original, byte[] Perturbation, byte[] Adversarial);
