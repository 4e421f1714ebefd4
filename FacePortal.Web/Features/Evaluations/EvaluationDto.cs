namespace FacePortal.Web.Features.Evaluations;

/// <summary>GET /api/evaluations/{id}: state and progress; metrics once any pair is scored (partial while running).</summary>
public sealed record EvaluationDto(
    int Id, int PairSetId, int JobId, string Model, string Metric, string State, int Done, int Total, string? Message, MetricsDto? Metrics);
