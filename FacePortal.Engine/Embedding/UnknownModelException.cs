namespace FacePortal.Engine.Embedding;

/// <summary>An embedding model was asked for by a name the engine has not loaded.</summary>
public sealed class UnknownModelException(string model, IEnumerable<string> known)
    : ArgumentException($"No embedding model named '{model}' is loaded. Known: {string.Join(", ", known)}.")
{
    public string Model { get; } = model;
}
