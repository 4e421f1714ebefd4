using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.PairSets;

/// <summary>One side of a pair as pages show it: the image, its identity and the face it stands for.</summary>
public sealed record PairImage(
    int ImageId, string ContentHash, string OriginalName, int GalleryId, int IdentityId, string IdentityName, int PrimaryFaceIndex, bool Excluded)
{
    /// <summary>"identity/file.jpg": how pairs files and CSV exports name the image.</summary>
    public string RelativeName => RelativeImagePath.Of(IdentityName, OriginalName);

    /// <summary>The aligned crop of the face the image stands for (served by the galleries feature).</summary>
    public string? CropUrl => PrimaryFaceIndex >= 0 ? $"/images/{ContentHash}/faces/{PrimaryFaceIndex}/crop.png" : null;

    /// <summary>The Identify page searching with this image's face; null when it has none.</summary>
    public string? IdentifyUrl => PrimaryFaceIndex >= 0 ? $"/identify?image={ImageId}&face={PrimaryFaceIndex}" : null;

    /// <summary>The identity page, where the operator fixes the label or excludes the image.</summary>
    public string IdentityUrl => $"/galleries/{GalleryId}/identities/{IdentityId}";
}
