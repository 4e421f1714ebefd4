namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// What a Verify or Identify score means on the model's reference evaluation (its latest completed evaluation with
/// intervals, on the configured reference pair set or any): FMR and FNMR at that score with intervals, where the
/// score falls among the mated and non-mated scores, and the operating point in use. <see cref="Available"/> false
/// (with <see cref="Note"/> saying why) when there is no reference evaluation: then every figure is null, none invented.
/// </summary>
public sealed record ScoreCalibration(
    bool Available,
    string? Note,
    int? ReferenceEvaluationId,
    int? ReferencePairSetId,
    string? ReferencePairSetName,
    string? ReferencePipelineSignature,
    DateTimeOffset? ReferenceFinishedAt,
    double? Score,
    CalibratedRate? FalseMatchRate,
    CalibratedRate? FalseNonMatchRate,
    double? MatedScoresBelow,
    double? NonMatedScoresBelow,
    string? IntervalMethod,
    CalibrationOperatingPoint? OperatingPoint)
{
    public static ScoreCalibration None(string note) => new(false, note, null, null, null, null, null, null, null, null, null, null, null, null);
}
