namespace FacePortal.Engine.Imaging;

/// <summary>Limits that every uploaded image is checked against before and while it is decoded.</summary>
public sealed record ImageDecoderOptions
{
    /// <summary>Largest encoded file accepted, in bytes (checked before the file is read).</summary>
    public long MaxFileBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Largest width x height accepted, checked from the header before any pixel is decoded.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>ImageSharp's cap on any single buffer it allocates: the backstop if a header lies.</summary>
    public int AllocationLimitMegabytes { get; init; } = 512;

    /// <summary>
    /// How much freed decoding memory ImageSharp keeps for reuse. Its default (an eighth of the machine's memory) kept
    /// gigabytes resident after a burst of large images; a small pool gives them back.
    /// </summary>
    public int PoolMegabytes { get; init; } = 64;
}
