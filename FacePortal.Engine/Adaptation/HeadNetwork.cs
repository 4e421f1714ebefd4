using FacePortal.Engine.Models.Adapted;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// The trainable part: the projection head (what is exported) and, for pretraining, a cosine classifier and the
/// identities' centers (never exported). Input: descriptors [B,d]; output: unit embeddings [B,k].
/// </summary>
internal sealed class HeadNetwork : nn.Module<Tensor, Tensor>
{
    // Cosine-softmax scale: unit vectors' logits lie in [-1, 1], too flat for cross-entropy without it.
    private const double Scale = 16;

    private readonly ModuleList<Linear> layers;
    private readonly Parameter classifier;
    private readonly Parameter centers;

    public HeadNetwork(int inputSize, HeadTrainingOptions options, int identities) : base(nameof(HeadNetwork))
    {
        var output = options.OutputSize == 0 ? inputSize : options.OutputSize;
        layers = options.Head == HeadKind.Linear
            ? nn.ModuleList(nn.Linear(inputSize, output))
            : nn.ModuleList(nn.Linear(inputSize, options.HiddenSize == 0 ? 2 * inputSize : options.HiddenSize), nn.Linear(options.HiddenSize == 0 ? 2 * inputSize : options.HiddenSize, output));
        using (no_grad())
        {
            if (options.Head == HeadKind.Linear && output == inputSize)
            {
                // Start at the base model itself: the first steps can only move away from it where the loss says so.
                layers[0].weight!.copy_(eye(inputSize));
                layers[0].bias!.zero_();
            }
        }
        classifier = nn.Parameter(F.normalize(randn(identities, output), p: 2, dim: 1));
        centers = nn.Parameter(zeros(identities, output));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = F.normalize(input, p: 2, dim: 1);
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Count - 1)
            {
                x = x.relu();
            }
        }
        return F.normalize(x, p: 2, dim: 1);
    }

    /// <summary>Cross-entropy of the cosine classifier (plus the weighted center loss) on a batch's embeddings.</summary>
    public Tensor ClassificationLoss(Tensor embeddings, Tensor labels, double centerWeight)
    {
        var logits = Scale * embeddings.matmul(F.normalize(classifier, p: 2, dim: 1).t());
        var loss = F.cross_entropy(logits, labels);
        if (centerWeight > 0)
        {
            loss = loss + centerWeight * (embeddings - centers.index_select(0, labels)).pow(2).sum(1).mean();
        }
        return loss;
    }

    /// <summary>The head's weights as plain arrays (W transposed to [in, out], as the ONNX MatMul takes it).</summary>
    public ProjectionHead Export()
    {
        using var scope = NewDisposeScope();
        var exported = new List<DenseLayer>();
        foreach (var layer in layers)
        {
            var w = layer.weight!.detach().t().contiguous().cpu();
            exported.Add(new DenseLayer((int)w.shape[0], (int)w.shape[1], w.data<float>().ToArray(), layer.bias!.detach().cpu().data<float>().ToArray()));
        }
        return new ProjectionHead(exported);
    }
}
