namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Two images that are the same file (<see cref="Exact"/>, distance 0) or whose primary faces are closer than the
/// near-duplicate setting. The names and hashes are filled in for display.
/// </summary>
public sealed record DuplicatePair(int ImageA, int ImageB, int IdentityA, int IdentityB, double Distance, bool Exact)
{
    public bool SameIdentity => IdentityA == IdentityB;

    public string IdentityNameA { get; init; } = "";

    public string IdentityNameB { get; init; } = "";

    public string HashA { get; init; } = "";

    public string HashB { get; init; } = "";

    public string NameA { get; init; } = "";

    public string NameB { get; init; } = "";
}
