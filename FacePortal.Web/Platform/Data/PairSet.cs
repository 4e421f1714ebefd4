namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A fixed list of verification pairs drawn from one gallery (generated, or imported from an LFW pairs.txt), split
/// into cross-validation folds. Evaluation runs score it; it never changes after it is made.
/// </summary>
public sealed class PairSet
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    public Gallery? Gallery { get; set; }

    public required string Name { get; set; }

    /// <summary>"generated", "all-vs-all" or "imported".</summary>
    public required string Source { get; set; }

    /// <summary>How it was made (generator options or the imported file's name), as JSON.</summary>
    public required string Parameters { get; set; }

    /// <summary>How the impostors were drawn ("random", "hard", "matched", "related"); null for imported sets.</summary>
    public string? Sampling { get; set; }

    /// <summary>The tag prefix matched or related impostors share (e.g. "sex:", "family:").</summary>
    public string? ImpostorTagPrefix { get; set; }

    /// <summary>The job that generated it (large sets): a job run again after a restart finds its set here.</summary>
    public int? JobId { get; set; }

    public int FoldCount { get; set; }

    public int PositiveCount { get; set; }

    public int NegativeCount { get; set; }

    public int IdentityCount { get; set; }

    public int ImageCount { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<EvaluationPair> Pairs { get; set; } = [];
}
