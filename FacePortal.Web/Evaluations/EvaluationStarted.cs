namespace FacePortal.Web.Evaluations;

public sealed record EvaluationStarted(int Id, int JobId);
