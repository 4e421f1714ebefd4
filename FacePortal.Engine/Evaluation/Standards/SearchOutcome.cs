namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// One 1:N search: <see cref="Mated"/> when the probe's identity is enrolled; <see cref="MateRank"/> is the mate's
/// 1-based rank in the candidate list (0 = not in the list) and <see cref="MateScore"/> its score;
/// <see cref="TopScore"/> is the best candidate's score (-Infinity for an empty list). Higher = more alike.
/// </summary>
public readonly record struct SearchOutcome(bool Mated, int MateRank, double MateScore, double TopScore);
