namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// An identity in the gallery's list. The thumbnail is the primary face's crop of its first included image with a face
/// (<see cref="ThumbnailHash"/> null when there is none).
/// </summary>
public sealed record IdentitySummary(int Id, string Name, IReadOnlyList<string> Tags, int Images, int Excluded, int WithFace,
    string? ThumbnailHash = null, int ThumbnailFace = -1)
{
    public string? ThumbnailUrl => ThumbnailHash is null || ThumbnailFace < 0 ? null : $"images/{ThumbnailHash}/faces/{ThumbnailFace}/crop.png";
}
