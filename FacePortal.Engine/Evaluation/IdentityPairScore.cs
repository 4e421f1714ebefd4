namespace FacePortal.Engine.Evaluation;

/// <summary>A scored trial (higher = more alike) between images of two identities.</summary>
public readonly record struct IdentityPairScore(double Score, bool Same, int IdentityA, int IdentityB);
