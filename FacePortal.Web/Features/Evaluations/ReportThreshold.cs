namespace FacePortal.Web.Features.Evaluations;

/// <summary>The report's decision threshold: as a score (accepted when score >= it), in the model's metric, and how it was chosen.</summary>
public sealed record ReportThreshold(double Score, double MetricValue, string MetricValueName, string Rule);
