namespace FacePortal.Web.Features.Verification;

/// <summary>The faces compared: an index into each image's faces.</summary>
public sealed record VerifyChosenFaces(int A, int B);
