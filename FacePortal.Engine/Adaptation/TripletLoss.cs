using TorchSharp;
using static TorchSharp.torch;

namespace FacePortal.Engine.Adaptation;

/// <summary>Triplet loss with online mining inside one batch of L2-normalised embeddings.</summary>
public static class TripletLoss
{
    private const double Far = 1e4;

    /// <summary>Pairwise L2 distances of unit vectors [B,B] (clamped away from 0, where the square root's gradient is infinite).</summary>
    public static Tensor Distances(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        return (2 - 2 * embeddings.matmul(embeddings.t())).clamp_min(1e-12).sqrt();
    }

    /// <summary>Mean hinge loss over the mined triplets; 0 (with a gradient path) when the batch gives none.</summary>
    public static Tensor Compute(Tensor embeddings, Tensor labels, double margin, TripletMining mining)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        var d = Distances(embeddings);
        var same = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        var eye = torch.eye(labels.shape[0], dtype: ScalarType.Bool, device: labels.device);
        var positive = same.logical_and(eye.logical_not());
        var negative = same.logical_not();
        return mining == TripletMining.BatchHard ? BatchHard(d, positive, negative, margin) : SemiHard(d, positive, negative, margin);
    }

    private static Tensor BatchHard(Tensor d, Tensor positive, Tensor negative, double margin)
    {
        var hardestPositive = torch.where(positive, d, torch.full_like(d, -Far)).max(1).values;
        var hardestNegative = torch.where(negative, d, torch.full_like(d, Far)).min(1).values;
        var valid = positive.any(1).logical_and(negative.any(1));
        var losses = (hardestPositive - hardestNegative + margin).relu();
        return MaskedMean(losses, valid, d);
    }

    // FaceNet: every anchor-positive pair; its negative is the nearest one farther than the positive but within the
    // margin; without such a one, the farthest negative (as TensorFlow Addons does), which adds little or nothing.
    private static Tensor SemiHard(Tensor d, Tensor positive, Tensor negative, double margin)
    {
        var dap = d.unsqueeze(2);
        var dan = d.unsqueeze(1).expand(d.shape[0], d.shape[0], d.shape[0]);
        var negatives = negative.unsqueeze(1).expand(d.shape[0], d.shape[0], d.shape[0]);
        var semi = negatives.logical_and(dan.gt(dap)).logical_and(dan.lt(dap + margin));
        var nearestSemi = torch.where(semi, dan, torch.full_like(dan, Far)).min(2).values;
        var farthest = torch.where(negatives, dan, torch.full_like(dan, -Far)).max(2).values;
        var chosen = torch.where(semi.any(2), nearestSemi, farthest);
        var losses = (d - chosen + margin).relu();
        var valid = positive.logical_and(negative.any(1).unsqueeze(1));
        return MaskedMean(losses, valid, d);
    }

    private static Tensor MaskedMean(Tensor values, Tensor mask, Tensor anchor)
    {
        var count = mask.sum().ToInt64();
        return count == 0 ? anchor.sum() * 0 : values.masked_select(mask).mean();
    }
}
