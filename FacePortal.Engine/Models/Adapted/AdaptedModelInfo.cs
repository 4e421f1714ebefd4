using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Models.Adapted;

/// <summary>
/// An adapted model as stored beside its ONNX file: how to feed it (the base model's input settings with the head's output
/// size), where it came from and how it was trained, for the catalogue and the adaptation page.
/// </summary>
public sealed record AdaptedModelInfo
{
    public required string Name { get; init; }

    public required string BaseModel { get; init; }

    /// <summary>The base model's pipeline signature whose stored descriptors the head was trained on.</summary>
    public required string BaseSignature { get; init; }

    /// <summary>The embedding model settings (Path: the ONNX file's name in the adapted-models folder).</summary>
    public required EmbeddingModelOptions Model { get; init; }

    public string? Gallery { get; init; }

    /// <summary>A line on the head, loss and training (shown in the catalogue).</summary>
    public string? Description { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
