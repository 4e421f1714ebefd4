using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Models.Adapted;
using TorchSharp;
using static TorchSharp.torch;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// Trains a projection head on frozen descriptors, one epoch per call, optional classification pretraining first, then
/// the triplet loss over P x K batches. After every epoch the head's and optimiser's state, the epoch and the loss curve
/// go to the checkpoint file (written aside, then moved), and a new trainer on the same data, options and file goes on
/// from there: what a job does after a restart.
/// </summary>
public sealed class HeadTrainer : IEpochTrainer, IDisposable
{
    private const string Magic = "FPHEAD1";

    private readonly HeadTrainingOptions _options;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly int[] _labels;
    private readonly PkBatchSampler _sampler;
    private readonly HeadNetwork _net;
    private readonly TorchSharp.Modules.AdamW _optimizer;
    private readonly string? _checkpoint;
    private readonly string _key;
    private readonly List<EpochLoss> _losses = [];
    private long _step;

    /// <param name="descriptors">Training descriptors, all of one length d.</param>
    /// <param name="labels">The identity of each descriptor (any ids).</param>
    /// <param name="options">How to train (validated here).</param>
    /// <param name="checkpointPath">Where to keep the state between epochs; null: nowhere.</param>
    public HeadTrainer(IReadOnlyList<float[]> descriptors, IReadOnlyList<int> labels, HeadTrainingOptions options, string? checkpointPath)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (descriptors.Count != labels.Count || descriptors.Count == 0)
        {
            throw new ArgumentException($"{descriptors.Count} descriptors and {labels.Count} labels: they must be as many, and some.");
        }
        var d = descriptors[0].Length;
        if (d == 0 || descriptors.Any(v => v.Length != d || v.Any(x => !float.IsFinite(x))))
        {
            throw new ArgumentException($"Every descriptor must hold {d} finite values.");
        }
        _options = options;
        // Dense labels 0..n-1 for the classifier, in id order so they do not depend on the input's order.
        var ids = labels.Distinct().Order().Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        _labels = [.. labels.Select(l => ids[l])];
        _sampler = new PkBatchSampler(_labels, options.IdentitiesPerBatch, options.ImagesPerIdentity, options.Seed);
        _x = tensor(descriptors.SelectMany(v => v).ToArray(), [descriptors.Count, d]);
        _y = tensor(_labels.Select(l => (long)l).ToArray(), [descriptors.Count]);
        random.manual_seed(options.Seed);
        _net = new HeadNetwork(d, options, ids.Count);
        _optimizer = optim.AdamW(_net.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        _checkpoint = checkpointPath;
        _key = Key(descriptors, labels, options);
        Resumed = TryLoad();
    }

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

    /// <summary>Mean triplet loss (the configured mining and margin) of the current head over the given set, in P x K batches of it.</summary>
    public double TripletLossOn(IReadOnlyList<float[]> descriptors, IReadOnlyList<int> labels, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var sampler = new PkBatchSampler(labels, _options.IdentitiesPerBatch, _options.ImagesPerIdentity, _options.Seed + 7919);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _net.eval();
        var x = tensor(descriptors.SelectMany(v => v).ToArray(), [descriptors.Count, descriptors[0].Length]);
        var y = tensor(labels.Select(l => (long)l).ToArray(), [labels.Count]);
        var losses = sampler.Epoch(epoch).Select(b =>
        {
            var index = tensor(b.Select(i => (long)i).ToArray());
            return TripletLoss.Compute(_net.forward(x.index_select(0, index)), y.index_select(0, index), _options.Margin, _options.Mining).ToDouble();
        }).ToList();
        return losses.Average();
    }

    /// <summary>The head as trained so far.</summary>
    public ProjectionHead Export() => _net.Export();

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

    private static string Key(IReadOnlyList<float[]> descriptors, IReadOnlyList<int> labels, HeadTrainingOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(options.ToString()));
        for (var i = 0; i < descriptors.Count; i++)
        {
            hash.AppendData(BitConverter.GetBytes(labels[i]));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(descriptors[i].AsSpan()));
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
