namespace FacePortal.Engine.Recognition;

/// <summary>What an embedding model's own metadata (and one trial run) says about its input and output.</summary>
/// <param name="ItemShape">Input shape of one face, without the batch dimension, in the model's layout.</param>
/// <param name="FixedBatch">The batch size the model insists on (most ArcFace exports: 1); null when it takes any.</param>
/// <param name="EmbeddingSize">Values per face of the first output.</param>
public sealed record EmbeddingModelShape(int[] ItemShape, int? FixedBatch, int EmbeddingSize)
{
    public string BatchDescription => FixedBatch is { } b ? $"batch fixed at {b}" : "any batch";
}
