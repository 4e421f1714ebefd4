using FacePortal.Engine.Search;

namespace FacePortal.Web.Features.Identification;

/// <summary>One 1:N query: how many identities, how they are scored, and the threshold (default: the model's).</summary>
public sealed record IdentifyOptions
{
    public const int MaxK = 100;

    public int K { get; init; } = 5;

    public IdentityScoring Scoring { get; init; } = IdentityScoring.BestImage;

    public double? Threshold { get; init; }

    /// <summary>Return the aligned crop of each probe face (the page).</summary>
    public bool IncludeCrops { get; init; }

    /// <summary>The embedding model by name; null: the gallery's model (else the engine's default).</summary>
    public string? Model { get; init; }
}
