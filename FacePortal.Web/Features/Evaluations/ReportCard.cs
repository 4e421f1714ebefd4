using FacePortal.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Features.Evaluations.Quality;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// GET /api/evaluations/{id}/report and the printable report card: one evaluation as an FRTE-style report, with
/// field names after ISO/IEC 29120-1 and 19795-1 terms. <see cref="StandardsAvailable"/> is false (and
/// <see cref="StandardsNote"/> says why) for a run still scoring or stored before failures and intervals were
/// computed; then <see cref="Failures"/>, <see cref="Verification"/>, <see cref="System"/>, <see cref="Uncertainty"/>
/// are null and <see cref="ErrorRateCurve"/> is empty.
/// </summary>
public sealed record ReportCard(
    int EvaluationId,
    string State,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationSeconds,
    ReportAlgorithm Algorithm,
    ReportDataSummary DataSummary,
    bool StandardsAvailable,
    string? StandardsNote,
    ReportFailures? Failures,
    ReportThreshold? DecisionThreshold,
    ReportVerification? Verification,
    ReportSystem? System,
    ReportLfwConvention? LfwConvention,
    ReportUncertainty? Uncertainty,
    IReadOnlyList<ReportCurvePoint> ErrorRateCurve)
{
    /// <summary>Demographic differentials, one per tag prefix (REST only; the page embeds its own section). Null when not asked for.</summary>
    public IReadOnlyList<DifferentialSummary>? Differentials { get; init; }

    /// <summary>Error versus discard for every stored quality measure (REST only). Null when not computed.</summary>
    public QualitySummary? ErrorVersusDiscard { get; init; }
}
