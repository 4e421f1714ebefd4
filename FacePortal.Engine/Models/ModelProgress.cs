namespace FacePortal.Engine.Models;

/// <summary>First-run progress: which step the model store is in.</summary>
public readonly record struct ModelProgress(string Step, string Detail);
