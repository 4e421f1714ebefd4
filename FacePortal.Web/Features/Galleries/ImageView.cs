using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Galleries;

/// <summary>One image as the curation pages show it.</summary>
public sealed record ImageView(
    int Id,
    int IdentityId,
    string ContentHash,
    string OriginalName,
    int Width,
    int Height,
    ImageOutcome Outcome,
    string? Error,
    bool Excluded,
    int PrimaryFaceIndex,
    IReadOnlyList<string> Tags,
    IReadOnlyList<FaceView> Faces)
{
    public FaceView? Primary => Faces.FirstOrDefault(f => f.Index == PrimaryFaceIndex);
}
