namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>TAR at a target FAR, with its subject-level bootstrap interval.</summary>
public sealed record TarAtFarInterval(double TargetFar, BootstrapInterval Tar);
