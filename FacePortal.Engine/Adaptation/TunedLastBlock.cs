using FacePortal.Engine.Models.Adapted;
using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Models.Tfjs;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// What last-block adaptation learned: face-api's last residual block and fc (face-api tensor names and layout) and the
/// projection head on top. Exported as face-api's network with these tensors swapped in, then the head.
/// </summary>
public sealed record TunedLastBlock(IReadOnlyDictionary<string, float[]> Weights, ProjectionHead Head)
{
    /// <summary>face-api's weights with the tuned tensors in.</summary>
    public TfjsWeights Apply(TfjsWeights baseWeights)
    {
        ArgumentNullException.ThrowIfNull(baseWeights);
        if (Weights.Values.SelectMany(v => v).Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("the tuned block holds a value that is not finite (training diverged?)");
        }
        return baseWeights.With(Weights);
    }

    /// <summary>The new model as ONNX, through our writer: input "input" [N,150,150,3] as face-api's, output [N, head size].</summary>
    public byte[] ToOnnx(TfjsWeights baseWeights) => Head.AppendTo(FaceRecognitionNetConverter.Convert(Apply(baseWeights)));
}
