namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A pair set scored by one model pipeline and distance metric. Its state and progress live in its job; its
/// per-pair scores in <see cref="PairScore"/>, so a finished run reopens without recomputing anything.
/// </summary>
public sealed class EvaluationRun
{
    public int Id { get; set; }

    public int PairSetId { get; set; }

    public PairSet? PairSet { get; set; }

    public int JobId { get; set; }

    /// <summary>Embedding model name ("face-api" or a configured one).</summary>
    public required string Model { get; set; }

    /// <summary>"Euclidean" or "Cosine".</summary>
    public required string Metric { get; set; }

    /// <summary>The pipeline signature the descriptors belong to; set when the job starts.</summary>
    public string? PipelineSignature { get; set; }

    public int Total { get; set; }

    /// <summary>
    /// The standards figures (failures, bootstrap intervals) as JSON, written when the job has scored every pair;
    /// null while it runs and for runs stored before they existed.
    /// </summary>
    public string? Standards { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
