namespace FacePortal.Web.Features.Evaluations;

/// <summary>One image of a pair set without a usable face, and why.</summary>
public sealed record ImageFailure(int ImageId, string Name, string Reason);
