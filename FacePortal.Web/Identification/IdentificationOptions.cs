namespace FacePortal.Web.Identification;

/// <summary>1:N search settings ("FacePortal:Identification").</summary>
public sealed record IdentificationOptions
{
    public const string Section = "FacePortal:Identification";

    /// <summary>Galleries with at least this many descriptors also get an approximate (HNSW) index; 0 turns it off.</summary>
    public int ApproximateAbove { get; init; } = 50_000;

    /// <summary>HNSW graph degree (USearch "connectivity").</summary>
    public int Connectivity { get; init; } = 16;

    public int ExpansionAdd { get; init; } = 128;

    public int ExpansionSearch { get; init; } = 128;

    /// <summary>Gallery rows used (leave-one-out) to measure the approximate index's recall@10 against exact search.</summary>
    public int RecallSample { get; init; } = 200;
}
