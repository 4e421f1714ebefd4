namespace FacePortal.Engine.Embedding;

/// <summary>Progress of embedding a set of images.</summary>
public readonly record struct EmbedProgress(int Done, int Total, int FromCache, int NoFace, int Errors, TimeSpan Elapsed)
{
    /// <summary>Images per second over the ones actually computed (cache hits are nearly free).</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? (Done - FromCache) / Elapsed.TotalSeconds : 0;
}
