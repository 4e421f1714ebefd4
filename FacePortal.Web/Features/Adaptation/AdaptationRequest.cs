using System.Text.Json;
using FacePortal.Engine.Adaptation;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// What to adapt (also the job's parameters): a gallery, the base model whose stored descriptors are trained on, the
/// identity split, the head and its training. Nulls take the defaults (REST clients send only what they care about).
/// </summary>
public sealed record AdaptationRequest
{
    public int GalleryId { get; init; }

    /// <summary>The base model's name (default: the engine's model).</summary>
    public string? BaseModel { get; init; }

    /// <summary>The new model's name (letters, digits, '.', '_', '-'); default "BASE-adapted-JOB".</summary>
    public string? Name { get; init; }

    /// <summary>Share of identities held out of training and used for the before/after evaluation (default 0.5).</summary>
    public double? HeldOutFraction { get; init; }

    public int? SplitSeed { get; init; }

    public HeadKind? Head { get; init; }

    public int? OutputSize { get; init; }

    public int? HiddenSize { get; init; }

    public TripletMining? Mining { get; init; }

    public PretrainingLoss? Pretraining { get; init; }

    public int? PretrainingEpochs { get; init; }

    public int? Epochs { get; init; }

    public double? LearningRate { get; init; }

    public double? Margin { get; init; }

    public int? IdentitiesPerBatch { get; init; }

    public int? ImagesPerIdentity { get; init; }

    /// <summary>Also fine-tune face-api's last residual block and fc with the head (face-api base model, dlib chip only; default false).</summary>
    public bool? TuneLastBlock { get; init; }

    /// <summary>The last block's learning rate when <see cref="TuneLastBlock"/> (default 1e-4; the head keeps <see cref="LearningRate"/>).</summary>
    public double? BlockLearningRate { get; init; }

    /// <summary>Genuine pairs wanted in the held-out pair set (default 1000; fewer when the held-out identities cannot give them).</summary>
    public int? HeldOutPairs { get; init; }

    public double FractionOrDefault => HeldOutFraction ?? 0.5;

    public int SeedOrDefault => SplitSeed ?? 1;

    public bool LastBlock => TuneLastBlock == true;

    public double BlockLearningRateOrDefault => BlockLearningRate ?? 1e-4;

    public HeadTrainingOptions Training() => new()
    {
        Head = Head ?? HeadKind.Linear,
        OutputSize = OutputSize ?? 0,
        HiddenSize = HiddenSize ?? 0,
        Mining = Mining ?? TripletMining.BatchHard,
        Pretraining = Pretraining ?? PretrainingLoss.None,
        PretrainingEpochs = PretrainingEpochs ?? (Pretraining is null or PretrainingLoss.None ? 0 : 5),
        Epochs = Epochs ?? 20,
        LearningRate = LearningRate ?? 1e-3,
        Margin = Margin ?? 0.2,
        IdentitiesPerBatch = IdentitiesPerBatch ?? 16,
        ImagesPerIdentity = ImagesPerIdentity ?? 4,
        Seed = SeedOrDefault,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static AdaptationRequest Parse(string json) =>
        JsonSerializer.Deserialize<AdaptationRequest>(json, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("adaptation job without parameters");
}
