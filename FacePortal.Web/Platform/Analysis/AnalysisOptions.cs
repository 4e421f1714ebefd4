namespace FacePortal.Web.Platform.Analysis;

/// <summary>
/// <c>FacePortal:Analysis</c>: how much memory the images being decoded and analysed for Verify, Identify and the
/// embed API may hold at once. Requests beyond it wait briefly, then get 503 with Retry-After.
/// </summary>
public sealed class AnalysisOptions
{
    public const string Section = "FacePortal:Analysis";

    /// <summary>Memory for the requests in flight together; one request larger than all of it still runs, alone.</summary>
    public int MemoryBudgetMegabytes { get; init; } = 1024;

    /// <summary>
    /// What one decoded pixel costs at the peak of an analysis: the decoder's RGB frame and the engine's copy (3 bytes
    /// each), plus the JPEG decoder's working planes. Measured at 6.8-7.7 (resident growth per pixel, 36-megapixel
    /// JPEGs): see docs/BENCHMARKS.md.
    /// </summary>
    public int BytesPerPixel { get; init; } = 8;

    /// <summary>How long a request waits for room before it is answered 503.</summary>
    public int QueueTimeoutMilliseconds { get; init; } = 3000;

    /// <summary>The Retry-After the 503 carries.</summary>
    public int RetryAfterSeconds { get; init; } = 2;
}
