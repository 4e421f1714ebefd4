namespace FacePortal.Web.Features.Robustness;

public sealed record RobustnessStarted(int Id, int JobId);
