using FacePortal.Engine.Robustness;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// The trainable part of last-block adaptation: face-api's last residual block (conv256_down_out, started at its own
/// weights), the fc after it and a projection head. Input: the frozen activations entering the block, one or more views
/// per image [B,V,256,4,4] (V = 2: the chip and its mirror, as the flip-averaging pipeline sees it); output: unit
/// embeddings [B,k], the views' embeddings averaged.
/// </summary>
internal sealed class LastBlockNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>The tensors this network tunes, by their face-api names.</summary>
    public static readonly string[] TunedNames = [.. new[] { "conv1", "conv2" }
        .SelectMany(c => new[] { "conv/filters", "conv/bias", "scale/weights", "scale/biases" }.Select(p => $"{FaceRecognitionTorchNet.LastBlockName}/{c}/{p}"))
        .Append("fc")];

    private readonly ParameterList weights;
    private readonly HeadNetwork head;

    public LastBlockNetwork(FaceRecognitionTorchNet net, HeadTrainingOptions options, int identities) : base(nameof(LastBlockNetwork))
    {
        ArgumentNullException.ThrowIfNull(net);
        weights = nn.ParameterList([.. TunedNames.Select(n =>
        {
            using var w = net.Weight(n);
            return nn.Parameter(w.to_type(ScalarType.Float32).contiguous().clone());
        })]);
        head = new HeadNetwork(FaceRecognitionTorchNet.DescriptorLength, options, identities);
        RegisterComponents();
    }

    /// <summary>face-api's descriptors [N,128] from activations [N,256,4,4], through the (tuned) last block and fc.</summary>
    public Tensor Descriptors(Tensor x)
    {
        var a = F.conv2d(x, weights[0], weights[1], [2, 2], [0, 0]) * weights[2] + weights[3];
        a = a.relu();
        var b = F.conv2d(a, weights[4], weights[5], [1, 1], [1, 1]) * weights[6] + weights[7];
        var pooled = F.avg_pool2d(x, [2, 2], [2, 2]);
        if (b.shape[2] != pooled.shape[2])
        {
            b = F.pad(b, [0, 1, 0, 1]); // face-api's one zero row (bottom) and column (right)
        }
        return (pooled + b).relu().mean([2, 3]).matmul(weights[8]);
    }

    public override Tensor forward(Tensor input)
    {
        var (n, views) = (input.shape[0], input.shape[1]);
        var flat = input.reshape([n * views, .. input.shape[2..]]);
        var e = head.forward(Descriptors(flat)).reshape(n, views, -1);
        return F.normalize(e.mean([1]), p: 2, dim: 1);
    }

    public Tensor ClassificationLoss(Tensor embeddings, Tensor labels, double centerWeight) => head.ClassificationLoss(embeddings, labels, centerWeight);

    /// <summary>The block's and fc's parameters (the head's are the rest).</summary>
    public IEnumerable<Parameter> BlockParameters() => weights;

    public IEnumerable<Parameter> HeadParameters() => head.parameters();

    /// <summary>The tuned tensors back in face-api's layout (filters HWIO, vectors [C], fc [256,128]) and the head.</summary>
    public TunedLastBlock Export()
    {
        using var scope = NewDisposeScope();
        var tuned = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < TunedNames.Length; i++)
        {
            var w = weights[i].detach();
            if (w.dim() == 4 && TunedNames[i].EndsWith("/filters", StringComparison.Ordinal))
            {
                w = w.permute(2, 3, 1, 0); // OIHW -> HWIO
            }
            tuned[TunedNames[i]] = w.contiguous().cpu().data<float>().ToArray();
        }
        return new TunedLastBlock(tuned, head.Export());
    }
}
