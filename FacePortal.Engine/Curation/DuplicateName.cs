namespace FacePortal.Engine.Curation;

/// <summary>"One person under two names": two identities whose centroids are closer than the threshold.</summary>
public sealed record DuplicateName(int IdentityA, int IdentityB, double CentroidDistance, FacePairEvidence Closest);
