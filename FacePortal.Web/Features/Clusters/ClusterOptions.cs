namespace FacePortal.Web.Features.Clusters;

/// <summary>Clustering of unlabelled faces ("FacePortal:Clusters").</summary>
public sealed record ClusterOptions
{
    public const string Section = "FacePortal:Clusters";

    /// <summary>Neighbours per face in the graph Chinese whispers runs on.</summary>
    public int Neighbours { get; init; } = 20;

    /// <summary>The job saves the neighbour lists it found after every this many faces, and resumes from there after a restart.</summary>
    public int CheckpointFaces { get; init; } = 4096;

    /// <summary>Faces the cluster view re-clusters live (in memory) while the threshold slider moves.</summary>
    public int SampleSize { get; init; } = 500;

    /// <summary>Clusters the view lists at most (largest first).</summary>
    public int MaxClustersShown { get; init; } = 60;

    /// <summary>Suggestions ("is this Alice?") listed at most.</summary>
    public int MaxSuggestions { get; init; } = 20;

    /// <summary>Share of a cluster's faces rejected for an identity from which it is never asked about that identity again.</summary>
    public double RejectedShare { get; init; } = 0.5;

    /// <summary>A split re-clusters the cluster at its threshold times this (stricter).</summary>
    public double SplitFactor { get; init; } = 0.85;
}
