namespace FacePortal.Web.Features.PairSets;

/// <summary>Limits of pair-set generation ("FacePortal:PairSets").</summary>
public sealed record PairSetOptions
{
    public const string Section = "FacePortal:PairSets";

    /// <summary>The most pairs one set may hold (genuine and impostor together, all-vs-all included); more is a 400.</summary>
    public int MaxPairs { get; init; } = 1_000_000;

    /// <summary>Sets expected to hold more pairs than this are generated as a background job (202 with the job id).</summary>
    public int JobAbovePairs { get; init; } = 50_000;
}
