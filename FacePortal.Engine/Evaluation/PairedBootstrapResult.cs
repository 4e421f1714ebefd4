namespace FacePortal.Engine.Evaluation;

/// <summary>
/// What <see cref="PairedBootstrap"/> measured: each run's figures and, for every two runs, their difference, all from
/// the same resamples of the identities (so the runs' errors on the same people cancel in the differences).
/// </summary>
public sealed record PairedBootstrapResult(
    int Resamples,
    int Seed,
    int Subjects,
    double TargetFar,
    IReadOnlyList<PairedRunFigures> Runs,
    IReadOnlyList<PairedDifference> Differences);
