namespace FacePortal.Engine.Evaluation;

/// <summary>
/// A pair the runs decide differently. <see cref="Margins"/>: per run, (score - threshold) in units of that run's score
/// spread (standard deviation), clamped to +-<see cref="ModelComparison.MaxMargin"/>; positive = accepted.
/// <see cref="Strength"/>: the highest margin minus the lowest, i.e. how sure the runs are of their opposite answers.
/// </summary>
public sealed record Disagreement(int Pair, double Strength, IReadOnlyList<bool> Accepted, IReadOnlyList<double> Margins);
