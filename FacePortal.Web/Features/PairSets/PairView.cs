namespace FacePortal.Web.Features.PairSets;

/// <summary>A pair of a set with both images resolved.</summary>
public sealed record PairView(int PairId, int Ordinal, int Fold, bool Same, PairImage A, PairImage B)
{
    /// <summary>The Verify page with both images loaded.</summary>
    public string VerifyUrl => $"/verify?a={A.ImageId}&b={B.ImageId}";
}
