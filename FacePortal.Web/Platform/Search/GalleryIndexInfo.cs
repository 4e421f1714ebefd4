using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Search;

/// <summary>What a search ran over: descriptors, identities, and whether the approximate index (and its measured recall) was used.</summary>
public sealed record GalleryIndexInfo(int Descriptors, int Identities, bool Approximate, double? RecallAt10)
{
    public static GalleryIndexInfo Of(GalleryIndex index) =>
        new(index.Count, index.IdentityCount, index.UsesApproximate, index.Approximate?.RecallAt10);
}
