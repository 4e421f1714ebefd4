namespace FacePortal.Web.Features.Evaluations;

/// <summary>The comparison algorithm under test: model, metric, the pipeline signature (detector, alignment, flip...) and how scores read.</summary>
public sealed record ReportAlgorithm(string Model, string Metric, string? PipelineSignature, string ScoreConvention);
