namespace FacePortal.Engine.Models;

/// <summary>A model the engine has loaded, for the model catalogue.</summary>
public sealed record LoadedModel(string Name, string Role, string Input, string Output, string File, string ExecutionProvider);
