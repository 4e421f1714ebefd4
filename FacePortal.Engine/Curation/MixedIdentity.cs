namespace FacePortal.Engine.Curation;

/// <summary>
/// "Two people under one name": an identity whose faces fall into two or more groups that do not link at the
/// threshold. <see cref="Groups"/> lists the face ids of each group, largest first; <see cref="Closest"/> is the
/// nearest pair across the two largest groups (still farther than the threshold).
/// </summary>
public sealed record MixedIdentity(int IdentityId, IReadOnlyList<IReadOnlyList<int>> Groups, FacePairEvidence Closest);
