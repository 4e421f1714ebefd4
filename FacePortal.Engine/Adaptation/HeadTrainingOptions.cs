namespace FacePortal.Engine.Adaptation;

/// <summary>How a projection head is trained on frozen descriptors.</summary>
public sealed record HeadTrainingOptions
{
    public HeadKind Head { get; init; } = HeadKind.Linear;

    /// <summary>Output size k; 0 keeps the descriptor's size d.</summary>
    public int OutputSize { get; init; }

    /// <summary><see cref="HeadKind.Mlp"/> only: the hidden layer's size; 0: 2 d.</summary>
    public int HiddenSize { get; init; }

    public TripletMining Mining { get; init; } = TripletMining.BatchHard;

    public PretrainingLoss Pretraining { get; init; } = PretrainingLoss.None;

    public int PretrainingEpochs { get; init; }

    /// <summary>Triplet-loss epochs (after any pretraining).</summary>
    public int Epochs { get; init; } = 20;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Triplet margin on the L2 distance between unit vectors (0..2).</summary>
    public double Margin { get; init; } = 0.2;

    /// <summary>Identities per batch (P).</summary>
    public int IdentitiesPerBatch { get; init; } = 16;

    /// <summary>Images per identity in a batch (K); an identity with fewer is drawn with repeats.</summary>
    public int ImagesPerIdentity { get; init; } = 4;

    public double WeightDecay { get; init; } = 1e-4;

    public int Seed { get; init; } = 1;

    /// <summary>Weight of the center loss against the softmax (<see cref="PretrainingLoss.Center"/>).</summary>
    public double CenterWeight { get; init; } = 0.01;

    /// <summary>Throws with a message naming the field when a setting cannot work.</summary>
    public void Validate()
    {
        Check(Enum.IsDefined(Head), $"head must be one of {string.Join(", ", Enum.GetNames<HeadKind>())}");
        Check(Enum.IsDefined(Mining), $"mining must be one of {string.Join(", ", Enum.GetNames<TripletMining>())}");
        Check(Enum.IsDefined(Pretraining), $"pretraining must be one of {string.Join(", ", Enum.GetNames<PretrainingLoss>())}");
        Check(OutputSize is >= 0 and <= 4096, $"outputSize must be 0 (keep d) or 1..4096 (got {OutputSize})");
        Check(HiddenSize is >= 0 and <= 8192, $"hiddenSize must be 0 (2 d) or 1..8192 (got {HiddenSize})");
        Check(Epochs is >= 1 and <= 1000, $"epochs must be 1..1000 (got {Epochs})");
        Check(PretrainingEpochs is >= 0 and <= 1000, $"pretrainingEpochs must be 0..1000 (got {PretrainingEpochs})");
        Check(Pretraining == PretrainingLoss.None || PretrainingEpochs > 0, "pretraining needs pretrainingEpochs of 1 or more");
        Check(LearningRate > 0 && LearningRate <= 1, $"learningRate must be in (0, 1] (got {LearningRate})");
        Check(Margin > 0 && Margin < 2, $"margin must be in (0, 2) (got {Margin})");
        Check(IdentitiesPerBatch is >= 2 and <= 512, $"identitiesPerBatch (P) must be 2..512 (got {IdentitiesPerBatch})");
        Check(ImagesPerIdentity is >= 2 and <= 64, $"imagesPerIdentity (K) must be 2..64 (got {ImagesPerIdentity})");
        Check(WeightDecay is >= 0 and < 1, $"weightDecay must be in [0, 1) (got {WeightDecay})");
        Check(CenterWeight is >= 0 and <= 10, $"centerWeight must be 0..10 (got {CenterWeight})");
    }

    public int TotalEpochs => (Pretraining == PretrainingLoss.None ? 0 : PretrainingEpochs) + Epochs;

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}
