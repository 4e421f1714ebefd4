namespace FacePortal.Web.Features.Evaluations;

/// <summary>What an "evaluation" job carries: the run it fills (the run row holds the rest).</summary>
public sealed record EvaluationJobParameters(int RunId);
