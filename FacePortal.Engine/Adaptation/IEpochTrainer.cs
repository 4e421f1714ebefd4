namespace FacePortal.Engine.Adaptation;

/// <summary>A trainer run one epoch at a time, checkpointed after each (the head and the last-block trainers).</summary>
public interface IEpochTrainer
{
    int TotalEpochs { get; }

    int EpochsDone { get; }

    /// <summary>Whether it went on from a checkpoint.</summary>
    bool Resumed { get; }

    IReadOnlyList<EpochLoss> Losses { get; }

    PkBatchSampler Sampler { get; }

    EpochLoss RunEpoch(CancellationToken cancellationToken);
}
