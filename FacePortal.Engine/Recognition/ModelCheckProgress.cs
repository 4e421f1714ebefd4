namespace FacePortal.Engine.Recognition;

/// <summary>How far a model check is: <see cref="Stage"/> "faces" (detection and landmarks, once per image) or "embed" (one preprocessing after another).</summary>
public sealed record ModelCheckProgress(string Stage, int Done, int Total, string Detail);
