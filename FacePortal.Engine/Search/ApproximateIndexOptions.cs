namespace FacePortal.Engine.Search;

/// <summary>How an <see cref="ApproximateIndex"/> is built: the HNSW graph's parameters and the recall check.</summary>
public sealed record ApproximateIndexOptions
{
    // Chosen on 100,000 face-like 128-d descriptors (scripts/bench-verify.sh): M=16/ef 128 gave recall@10 0.83,
    // M=16/ef 512 0.992 at 1.5 ms, M=32/ef 256 0.998 at 1.3 ms (the build takes about twice as long).
    public static readonly ApproximateIndexOptions Default = new();

    /// <summary>HNSW graph degree (USearch "connectivity").</summary>
    public int Connectivity { get; init; } = 32;

    public int ExpansionAdd { get; init; } = 200;

    public int ExpansionSearch { get; init; } = 512;

    /// <summary>Threads that add rows to the graph while it is built.</summary>
    public int BuildThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Gallery rows used (leave-one-out) to measure the approximate index's recall@10 against exact search.</summary>
    public int RecallSample { get; init; } = 200;
}
