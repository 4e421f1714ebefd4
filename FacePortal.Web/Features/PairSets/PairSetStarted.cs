namespace FacePortal.Web.Features.PairSets;

/// <summary>The answer to a generation request: the set made at once, or the job making a large one.</summary>
public sealed record PairSetStarted(PairSetSummary? Set, int? JobId);
