using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Robustness;
using TorchSharp;
using static TorchSharp.torch;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// Fine-tunes face-api's last residual block, its fc and a projection head with the triplet loss (optionally after
/// classification pretraining), on the cached activations entering the block (<see cref="LastBlockInputs"/>): an epoch
/// costs the last block only. The block's learning rate is its own (small: it starts from trained weights). Checkpoints
/// as <see cref="HeadTrainer"/> does: after every epoch, and a new trainer on the same inputs, options and file goes on
/// from there.
/// </summary>
public sealed class LastBlockTrainer : IEpochTrainer, IDisposable
{
    private const string Magic = "FPBLOCKTRAIN1";

    private readonly HeadTrainingOptions _options;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly int[] _labels;
    private readonly long[] _shape;
    private readonly PkBatchSampler _sampler;
    private readonly LastBlockNetwork _net;
    private readonly TorchSharp.Modules.AdamW _optimizer;
    private readonly string? _checkpoint;
    private readonly string _key;
    private readonly List<EpochLoss> _losses = [];
    private long _step;

    /// <param name="net">face-api's Torch net: the block's starting weights.</param>
    /// <param name="blockInputs">Per training image its views' activations (<see cref="LastBlockInputs.Compute"/>), all with as many views.</param>
    /// <param name="labels">The identity of each image (any ids).</param>
    /// <param name="options">How to train the head (validated here); its learning rate is the head's.</param>
    /// <param name="blockLearningRate">The block's and fc's learning rate.</param>
    /// <param name="checkpointPath">Where to keep the state between epochs; null: nowhere.</param>
    public LastBlockTrainer(FaceRecognitionTorchNet net, IReadOnlyList<float[]> blockInputs, IReadOnlyList<int> labels, HeadTrainingOptions options,
        double blockLearningRate, string? checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(blockInputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!(blockLearningRate > 0 && blockLearningRate <= 1))
        {
            throw new ArgumentException($"blockLearningRate must be in (0, 1] (got {blockLearningRate})");
        }
        if (blockInputs.Count != labels.Count || blockInputs.Count == 0)
        {
            throw new ArgumentException($"{blockInputs.Count} images and {labels.Count} labels: they must be as many, and some.");
        }
        var length = blockInputs[0].Length;
        if (length == 0 || length % LastBlockInputs.ViewLength != 0 || blockInputs.Any(v => v.Length != length))
        {
            throw new ArgumentException($"Every image's block input must hold the same whole number of {LastBlockInputs.ViewLength}-value views.");
        }
        _options = options;
        BlockLearningRate = blockLearningRate;
        var ids = labels.Distinct().Order().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        _labels = [.. labels.Select(l => ids[l])];
        _sampler = new PkBatchSampler(_labels, options.IdentitiesPerBatch, options.ImagesPerIdentity, options.Seed);
        _shape = [length / LastBlockInputs.ViewLength, .. FaceRecognitionTorchNet.LastBlockInputShape];
        _x = tensor(blockInputs.SelectMany(v => v).ToArray(), [blockInputs.Count, .. _shape]);
        _y = tensor(_labels.Select(l => (long)l).ToArray(), [blockInputs.Count]);
        random.manual_seed(options.Seed);
        _net = new LastBlockNetwork(net, options, ids.Count);
        _optimizer = optim.AdamW(
        [
            new TorchSharp.Modules.AdamW.ParamGroup(_net.BlockParameters(), lr: blockLearningRate, weight_decay: 0),
            new TorchSharp.Modules.AdamW.ParamGroup(_net.HeadParameters(), lr: options.LearningRate, weight_decay: options.WeightDecay),
        ]);
        _checkpoint = checkpointPath;
        _key = Key(blockInputs, labels, options, blockLearningRate);
        Resumed = TryLoad();
    }

    public double BlockLearningRate { get; }

    public int TotalEpochs => _options.TotalEpochs;

    public int EpochsDone => _losses.Count;

    /// <summary>True when the state came from the checkpoint file.</summary>
    public bool Resumed { get; }

    public IReadOnlyList<EpochLoss> Losses => _losses;

    public PkBatchSampler Sampler => _sampler;

    /// <summary>Runs the next epoch and saves the checkpoint; cancellation is seen between batches (the epoch is then not counted).</summary>
    public EpochLoss RunEpoch(CancellationToken cancellationToken)
    {
        if (EpochsDone >= TotalEpochs)
        {
            throw new InvalidOperationException($"All {TotalEpochs} epochs are done.");
        }
        var result = TripletEpoch.Run(_net, _net.ClassificationLoss, _x, _y, _options, _sampler, _optimizer, EpochsDone, ref _step, cancellationToken);
        _losses.Add(result);
        Save();
        return result;
    }

    /// <summary>The current model's unit embeddings of images given by their block inputs (views averaged).</summary>
    public float[][] Embed(IReadOnlyList<float[]> blockInputs)
    {
        ArgumentNullException.ThrowIfNull(blockInputs);
        _net.eval();
        var result = new List<float[]>(blockInputs.Count);
        foreach (var chunk in blockInputs.Chunk(256))
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = tensor(chunk.SelectMany(v => v).ToArray(), [chunk.Length, chunk[0].Length / LastBlockInputs.ViewLength, .. FaceRecognitionTorchNet.LastBlockInputShape]);
            var e = _net.forward(x);
            var k = (int)e.shape[1];
            var flat = e.contiguous().data<float>().ToArray();
            result.AddRange(Enumerable.Range(0, chunk.Length).Select(i => flat[(i * k)..((i + 1) * k)]));
        }
        return [.. result];
    }

    /// <summary>Mean triplet loss (the configured mining and margin) of the current model over the given images, in P x K batches of them.</summary>
    public double TripletLossOn(IReadOnlyList<float[]> blockInputs, IReadOnlyList<int> labels, int epoch = 0)
    {
        var embedded = Embed(blockInputs);
        var sampler = new PkBatchSampler(labels, _options.IdentitiesPerBatch, _options.ImagesPerIdentity, _options.Seed + 7919);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = tensor(embedded.SelectMany(v => v).ToArray(), [embedded.Length, embedded[0].Length]);
        var y = tensor(labels.Select(l => (long)l).ToArray(), [labels.Count]);
        return sampler.Epoch(epoch).Select(b =>
        {
            var index = tensor(b.Select(i => (long)i).ToArray());
            return TripletLoss.Compute(x.index_select(0, index), y.index_select(0, index), _options.Margin, _options.Mining).ToDouble();
        }).Average();
    }

    /// <summary>The block, fc and head as trained so far.</summary>
    public TunedLastBlock Export() => _net.Export();

    private void Save() => TrainerCheckpoint.Save(_checkpoint, Magic, _key, _step, _losses, _net, _optimizer);

    // A checkpoint of other data or options (or a damaged one) is not resumed from: training starts over.
    private bool TryLoad()
    {
        if (TrainerCheckpoint.TryLoad(_checkpoint, Magic, _key, _net, _optimizer) is not { } saved)
        {
            return false;
        }
        _step = saved.Step;
        _losses.AddRange(saved.Losses);
        return true;
    }

    private static string Key(IReadOnlyList<float[]> inputs, IReadOnlyList<int> labels, HeadTrainingOptions options, double blockLearningRate)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(options.ToString() + "|block lr " + blockLearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        for (var i = 0; i < inputs.Count; i++)
        {
            hash.AppendData(BitConverter.GetBytes(labels[i]));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(inputs[i].AsSpan()));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _net.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}
