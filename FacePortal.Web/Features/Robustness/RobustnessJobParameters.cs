namespace FacePortal.Web.Features.Robustness;

/// <summary>What a "robustness" job carries: the run it fills (the run row holds the rest).</summary>
public sealed record RobustnessJobParameters(int RobustnessRunId);
