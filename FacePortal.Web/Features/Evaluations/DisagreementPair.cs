using FacePortal.Web.Features.PairSets;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// A pair the compared runs decide differently at their thresholds: the two images, and per run (in the comparison's
/// order) whether it accepted the pair, its score in the model's metric (null: a missing face) and its margin
/// (see <see cref="Engine.Evaluation.Disagreement"/>); <see cref="Strength"/> orders the list.
/// </summary>
public sealed record DisagreementPair(PairView Pair, double Strength, IReadOnlyList<bool> Accepted, IReadOnlyList<double?> Values, IReadOnlyList<double> Margins);
