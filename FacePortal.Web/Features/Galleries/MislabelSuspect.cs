namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// An image whose primary face is nearer the centroid of another identity than the centroid of its own (computed
/// without the image). The names and hashes are filled in for display.
/// </summary>
public sealed record MislabelSuspect(int ImageId, int IdentityId, double OwnDistance, int OtherIdentityId, double OtherDistance)
{
    /// <summary>How much nearer the other identity is: the larger, the surer.</summary>
    public double Margin => OwnDistance - OtherDistance;

    public string ContentHash { get; init; } = "";

    public string OriginalName { get; init; } = "";

    public string IdentityName { get; init; } = "";

    public string OtherIdentityName { get; init; } = "";

    /// <summary>A few images of each identity to show beside the suspect.</summary>
    public IReadOnlyList<string> IdentitySamples { get; init; } = [];

    public IReadOnlyList<string> OtherSamples { get; init; } = [];
}
