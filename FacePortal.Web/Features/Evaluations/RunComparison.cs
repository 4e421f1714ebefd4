namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Runs compared at each one's threshold for <see cref="TargetFar"/>. <see cref="Paired"/> is null when the runs are not
/// all on one pair set or share no scored pair (<see cref="Note"/> says which).
/// </summary>
public sealed record RunComparison(double TargetFar, IReadOnlyList<ComparedRun> Runs, bool SamePairSet, string? Note, PairedComparison? Paired);
