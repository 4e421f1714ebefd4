namespace FacePortal.Web.Features.Clusters;

/// <summary>POST /api/galleries/{id}/clusters/jobs: the model (null: the gallery's) and the distance threshold (null: the model's clustering default).</summary>
public sealed record StartClusteringRequest(string? Model, double? Threshold);
