namespace FacePortal.Engine.Evaluation;

/// <summary>A gallery image a pair set may use, with its identity and (for hard negatives) its descriptor.</summary>
public readonly record struct PairSourceImage(int ImageId, int IdentityId, float[]? Descriptor = null);
