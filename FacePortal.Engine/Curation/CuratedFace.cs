namespace FacePortal.Engine.Curation;

/// <summary>
/// A labelled face as the defect finders see it: row <c>i</c> of the <see cref="DescriptorSet"/> belongs to the
/// i-th face. <see cref="ImageId"/> groups the faces of one photo; <see cref="Quality"/> is any "higher = better"
/// measure (NaN = unknown).
/// </summary>
public readonly record struct CuratedFace(int FaceId, int IdentityId, int ImageId, double Quality);
