namespace FacePortal.Web.Features.Evaluations;

public sealed record EvaluationStarted(int Id, int JobId);
