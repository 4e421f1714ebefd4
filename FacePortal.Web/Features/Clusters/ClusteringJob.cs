using FacePortal.Web.Features.Jobs;

namespace FacePortal.Web.Features.Clusters;

/// <summary>GET /api/galleries/{id}/clusters/jobs/{jobId}: the job's state and progress, and what it was asked to do.</summary>
public sealed record ClusteringJob(JobStatus Job, ClusterParameters Parameters);
