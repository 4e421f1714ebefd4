namespace FacePortal.Web.Features.Verification;

/// <summary>Every face of each image (box, score, landmarks).</summary>
public sealed record VerifyFaces(IReadOnlyList<object> A, IReadOnlyList<object> B);
