using FacePortal.Engine.Recognition;
using static TorchSharp.torch;

namespace FacePortal.Engine.Robustness;

/// <summary>The distances of <see cref="DescriptorMath"/> between descriptors in Torch, differentiable everywhere.</summary>
public static class TorchDistance
{
    /// <summary>
    /// One distance between two [1,D] descriptors. <paramref name="smooth"/> keeps the Euclidean distance off 0, where its
    /// gradient is NaN (for gradients; values differ by 1e-6 there).
    /// </summary>
    public static Tensor Between(Tensor a, Tensor b, DistanceMetric metric, bool smooth = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return metric switch
        {
            DistanceMetric.Euclidean => (a - b).pow(2).sum().clamp_min(smooth ? 1e-12 : 0).sqrt(),
            DistanceMetric.Cosine => 1 - ((a * b).sum() / (a.pow(2).sum().sqrt() * b.pow(2).sum().sqrt()).clamp_min(1e-12)),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
        };
    }

    /// <summary>Row by row: [N,D] against [N,D] -> [N], each row as <see cref="Between"/> gives it (batched attacks).</summary>
    public static Tensor Rows(Tensor a, Tensor b, DistanceMetric metric, bool smooth = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return metric switch
        {
            DistanceMetric.Euclidean => (a - b).pow(2).sum(1).clamp_min(smooth ? 1e-12 : 0).sqrt(),
            DistanceMetric.Cosine => 1 - ((a * b).sum(1) / (a.pow(2).sum(1).sqrt() * b.pow(2).sum(1).sqrt()).clamp_min(1e-12)),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
        };
    }
}
