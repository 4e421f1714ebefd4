using FacePortal.Engine.Runtime;

namespace FacePortal.Engine.Recognition;

/// <summary>
/// Turns aligned face chips into descriptors with one embedding model, in batches. A chip is the model's input
/// width x height, HWC, RGB, 0..255 as floats (face-api's resize yields fractions; rounding them would cost parity);
/// layout, channel order and normalisation follow the model's options.
/// </summary>
public sealed class FaceEmbedder(OnnxNetwork network, EmbeddingModelOptions options, int batchSize)
{
    public EmbeddingModelOptions Options => options;

    public OnnxNetwork Network => network;

    public float[][] Embed(IReadOnlyList<float[]> chips, CancellationToken cancellationToken)
    {
        var result = new float[chips.Count][];
        BatchRunner.Run(network, chips.Count, batchSize,
            (i, input) => Fill(chips[i], input),
            (i, outputs) =>
            {
                if (outputs[0].Length != options.EmbeddingSize)
                {
                    throw new InvalidOperationException($"Model '{options.Name}' returned {outputs[0].Length} values per face; its settings say {options.EmbeddingSize}.");
                }
                result[i] = outputs[0].ToArray();
            },
            cancellationToken);
        return result;
    }

    private void Fill(float[] chip, Span<float> destination)
    {
        var (width, height) = (options.Width, options.Height);
        if (chip.Length != width * height * 3)
        {
            throw new ArgumentException($"A chip of {chip.Length} values does not fit model '{options.Name}' ({width}x{height}x3).");
        }
        var px = chip;
        var mean = options.MeanOrDefault;
        var std = options.StdOrDefault;
        var bgr = options.ChannelOrder == "BGR";
        var plane = width * height;
        var nchw = options.Layout == TensorLayout.Nchw;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var source = bgr ? 2 - c : c;
                var v = (px[p * 3 + source] - mean[c]) / std[c];
                destination[nchw ? c * plane + p : p * 3 + c] = v;
            }
        }
    }
}
