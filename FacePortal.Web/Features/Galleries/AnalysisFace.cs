namespace FacePortal.Web.Features.Galleries;

/// <summary>A gallery image's primary face as the analysis reads it: where it is filed, which face of the photo, its sharpness, its descriptor.</summary>
public sealed record AnalysisFace(int ImageId, int IdentityId, int FaceIndex, string ContentHash, double Quality, float[] Vector);
