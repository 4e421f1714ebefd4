namespace FacePortal.Engine.Curation;

/// <summary>
/// An identity of Doddington's zoo that draws a disproportionate share of impostor matches: in all-vs-all
/// scores the wolves (that match others) and the lambs (that others match) are the same identities.
/// <see cref="Factor"/> = its false-match rate over the gallery's.
/// </summary>
public sealed record ZooMember(int IdentityId, int Faces, int FalseMatches, double Factor, IReadOnlyList<FacePairEvidence> Evidence);
