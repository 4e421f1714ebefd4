using FacePortal.Engine.Recognition;
using static TorchSharp.torch;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// A recognition network in Torch that attacks can differentiate: square chips NHWC RGB 0..255 in, descriptors out. The
/// model's own preprocessing (channel order, mean, std, layout) happens inside <see cref="Forward"/>, so the gradient is
/// in pixel levels and a budget means the same for every model.
/// </summary>
public interface IRecognitionTorchNet
{
    /// <summary>The embedding model's name (as in the engine's catalogue).</summary>
    string Name { get; }

    /// <summary>Chip side in pixels.</summary>
    int InputSize { get; }

    int DescriptorLength { get; }

    /// <summary>The metric the model's threshold is a distance in.</summary>
    DistanceMetric Metric { get; }

    ScalarType DType { get; }

    /// <summary>Descriptors [N,D] for an NHWC RGB 0..255 batch of this net's dtype.</summary>
    Tensor Forward(Tensor nhwc);

    /// <summary>Chips as floats NHWC RGB 0..255 -> a tensor of this net's dtype.</summary>
    Tensor Input(float[] nhwc, int batch = 1);
}
