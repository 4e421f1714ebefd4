namespace FacePortal.Web.Features.Robustness;

/// <summary>
/// A robustness evaluation to start. Attacks: "fgsm", "pgd", "mi-fgsm"; goals: "dodging", "impersonation"; budgets in
/// pixel levels. The threshold is a given distance, else the operating point's, else the model's default (0.6).
/// <paramref name="AdaptiveDefences"/>: also attack every defence through its own gradient (BPDA), about one more attack
/// per defence and budget. <paramref name="Model"/>: the embedding model attacked white-box (face-api when omitted; a
/// catalogue model such as "faceres" or "mobileface" through its interpreted ONNX graph). Omitted fields take the defaults.
/// </summary>
public sealed record StartRobustnessRequest(
    int PairSetId,
    int? Pairs = null,
    IReadOnlyList<string>? Attacks = null,
    IReadOnlyList<double>? Budgets = null,
    IReadOnlyList<string>? Goals = null,
    int? Iterations = null,
    double? StepFraction = null,
    int? OperatingPointId = null,
    double? Threshold = null,
    int? Seed = null,
    bool? AdaptiveDefences = null,
    string? Model = null);
