namespace FacePortal.Engine.Curation;

/// <summary>
/// A low-quality face whose removal lowers its identity's FNMR (its genuine comparisons fail more than the rest)
/// or removes false matches: the figures before and after say how much removing it buys.
/// </summary>
public sealed record HarmfulTemplate(int FaceId, int IdentityId, double Quality, double FnmrBefore, double FnmrAfter, int FalseMatches);
