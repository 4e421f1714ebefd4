namespace FacePortal.Engine.Curation;

/// <summary>Two faces and their distance: the evidence shown as an image pair.</summary>
public readonly record struct FacePairEvidence(int FaceA, int FaceB, double Distance);
