namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// How the evaluation job computes the standards figures (<c>FacePortal:Evaluations</c>) and which evaluation
/// calibrates the scores Verify and Identify answer with.
/// </summary>
public sealed class EvaluationOptions
{
    public const string Section = "FacePortal:Evaluations";

    /// <summary>Subject-level bootstrap resamples per figure (ISO/IEC 19795-1, FRTE report cards).</summary>
    public int BootstrapResamples { get; set; } = 1000;

    /// <summary>Seed of the bootstrap: the same seed and scores give the same intervals.</summary>
    public int BootstrapSeed { get; set; } = 1;

    /// <summary>The report's operating threshold is the one giving at most this FMR over the pairs with both templates.</summary>
    public double ReportFmrTarget { get; set; } = 1e-3;

    /// <summary>Thresholds (besides the FMR targets, the EER and the report's) where FMR(t) and FNMR(t) get intervals.</summary>
    public int CurveThresholds { get; set; } = 16;

    /// <summary>
    /// The pair set whose latest completed evaluation of a model calibrates Verify and Identify scores; none = the
    /// model's latest completed evaluation with intervals on any pair set.
    /// </summary>
    public int? ReferencePairSetId { get; set; }
}
