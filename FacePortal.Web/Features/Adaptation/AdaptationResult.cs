using FacePortal.Engine.Adaptation;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// An adaptation job's record, rewritten after every step (data/adaptation/job-N.json): the split, the loss curve so
/// far, then the model, the held-out pair set and the two evaluation runs. After a restart the job reads it to skip
/// what is done.
/// </summary>
public sealed record AdaptationResult
{
    public int JobId { get; init; }

    public int GalleryId { get; init; }

    public required string BaseModel { get; init; }

    public required SplitCounts Split { get; init; }

    /// <summary>The held-out identity ids (the pair set is drawn from these only).</summary>
    public int[] HeldOutIdentityIds { get; init; } = [];

    public int[] TrainIdentityIds { get; init; } = [];

    public List<EpochLoss> Losses { get; init; } = [];

    public int TotalEpochs { get; init; }

    public int BatchesPerEpoch { get; init; }

    /// <summary>The epochs already done when training last resumed from the checkpoint (after a restart); null when it never did.</summary>
    public int? ResumedAfterEpoch { get; init; }

    /// <summary>Seconds spent training (summed over restarts).</summary>
    public double TrainingSeconds { get; init; }

    public string? Model { get; init; }

    public double? Threshold { get; init; }

    /// <summary>Whose pairs the default threshold was fitted on (<see cref="DefaultThreshold"/>); null in records written before it was said.</summary>
    public string? ThresholdFittedOn { get; init; }

    public int? PairSetId { get; init; }

    public int? BaseRunId { get; init; }

    public int? AdaptedRunId { get; init; }
}
