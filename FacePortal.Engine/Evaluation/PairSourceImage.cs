namespace FacePortal.Engine.Evaluation;

/// <summary>
/// A gallery image a pair set may use, with its identity, (for hard negatives) its descriptor and (for matched and
/// related impostors) its tags: the image's own and its identity's together.
/// </summary>
public readonly record struct PairSourceImage(int ImageId, int IdentityId, float[]? Descriptor = null, IReadOnlyList<string>? Tags = null);
