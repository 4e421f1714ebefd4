using FacePortal.Engine.Search;

namespace FacePortal.Web.Platform.Search;

/// <summary>1:N search settings ("FacePortal:Identification").</summary>
public sealed record IdentificationOptions
{
    public const string Section = "FacePortal:Identification";

    /// <summary>Galleries with at least this many descriptors also get an approximate (HNSW) index; 0 turns it off.</summary>
    public int ApproximateAbove { get; init; } = 50_000;

    /// <summary>HNSW graph degree (USearch "connectivity"); the defaults and why they were chosen: <see cref="ApproximateIndexOptions"/>.</summary>
    public int Connectivity { get; init; } = ApproximateIndexOptions.Default.Connectivity;

    public int ExpansionAdd { get; init; } = ApproximateIndexOptions.Default.ExpansionAdd;

    public int ExpansionSearch { get; init; } = ApproximateIndexOptions.Default.ExpansionSearch;

    /// <summary>Gallery rows used (leave-one-out) to measure the approximate index's recall@10 against exact search.</summary>
    public int RecallSample { get; init; } = ApproximateIndexOptions.Default.RecallSample;

    /// <summary>The engine's build settings for the approximate index.</summary>
    public ApproximateIndexOptions ApproximateIndex() => new()
    {
        Connectivity = Connectivity,
        ExpansionAdd = ExpansionAdd,
        ExpansionSearch = ExpansionSearch,
        RecallSample = RecallSample,
    };
}
