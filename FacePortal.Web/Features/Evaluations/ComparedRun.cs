using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// One run of a comparison: its headline figures over all its scored pairs (LFW convention, as on its own page), the
/// subject-level bootstrap intervals stored with the run (<see cref="ReportEer"/>, <see cref="ReportAuc"/>,
/// <see cref="ReportTarAtFar"/>: over its comparisons with both templates; null before they are computed, the last
/// also when the target FAR is not one the run's report measured), and, when the runs share a pair set, its operating
/// point on the common pairs at its threshold for the target FAR (<see cref="Threshold"/> in the model's metric) with
/// the paired bootstrap's intervals (<see cref="Paired"/>).
/// </summary>
public sealed record ComparedRun(
    int Id,
    string Model,
    string Metric,
    int PairSetId,
    string PairSetName,
    string State,
    int Pairs,
    int MissingFaces,
    double? Auc,
    double? Eer,
    double? Accuracy,
    double? AccuracyStd,
    BootstrapInterval? ReportEer,
    BootstrapInterval? ReportAuc,
    BootstrapInterval? ReportTarAtFar,
    RunOperatingPoint? OperatingPoint,
    double? Threshold,
    string? ThresholdRule,
    PairedRunFigures? Paired);
