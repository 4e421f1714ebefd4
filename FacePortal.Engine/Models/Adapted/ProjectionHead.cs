using FacePortal.Engine.Onnx;

namespace FacePortal.Engine.Models.Adapted;

/// <summary>
/// A learned projection on top of a base model's descriptor: the input L2-normalised, dense layers with ReLU between
/// them, the output L2-normalised. Applied here (plain arithmetic) or appended to the base model's ONNX graph.
/// </summary>
public sealed record ProjectionHead(IReadOnlyList<DenseLayer> Layers)
{
    public int InputSize => Layers[0].In;

    public int OutputSize => Layers[^1].Out;

    /// <exception cref="ArgumentException">No layers, layers that do not chain, or values that are not finite.</exception>
    public void Check()
    {
        if (Layers.Count == 0)
        {
            throw new ArgumentException("a projection head needs at least one layer");
        }
        for (var i = 0; i < Layers.Count; i++)
        {
            Layers[i].Check();
            if (i > 0 && Layers[i].In != Layers[i - 1].Out)
            {
                throw new ArgumentException($"head layer {i} takes {Layers[i].In} values, layer {i - 1} gives {Layers[i - 1].Out}");
            }
        }
    }

    /// <summary>The head on one descriptor (what the ONNX graph computes, for checks and thresholds).</summary>
    public float[] Apply(ReadOnlySpan<float> descriptor)
    {
        if (descriptor.Length != InputSize)
        {
            throw new ArgumentException($"the head takes {InputSize} values, got {descriptor.Length}");
        }
        var x = Normalise(descriptor.ToArray());
        for (var l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var y = (float[])layer.Bias.Clone();
            for (var i = 0; i < layer.In; i++)
            {
                var xi = x[i];
                for (var o = 0; o < layer.Out; o++)
                {
                    y[o] += xi * layer.Weight[i * layer.Out + o];
                }
            }
            if (l < Layers.Count - 1)
            {
                for (var o = 0; o < y.Length; o++)
                {
                    y[o] = Math.Max(0, y[o]);
                }
            }
            x = y;
        }
        return Normalise(x);
    }

    /// <summary>The base model's ONNX bytes with this head after its output: the new model's only output is [N, OutputSize].</summary>
    public byte[] AppendTo(byte[] baseModel)
    {
        Check();
        return OnnxHeadSplicer.Append(baseModel, (g, input) =>
        {
            // LpNormalization (opset 1) exists in every opset a base model may declare, unlike ReduceL2's changing axes.
            var x = g.Node("LpNormalization", [input], "fp_adapt_in", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("p", 2));
            for (var l = 0; l < Layers.Count; l++)
            {
                var layer = Layers[l];
                var w = g.Initializer($"fp_adapt_w{l}", layer.Weight, layer.In, layer.Out);
                var b = g.Initializer($"fp_adapt_b{l}", layer.Bias, layer.Out);
                x = g.Node("Add", [g.Node("MatMul", [x, w], $"fp_adapt_mm{l}"), b], $"fp_adapt_fc{l}");
                if (l < Layers.Count - 1)
                {
                    x = g.Node("Relu", [x], $"fp_adapt_relu{l}");
                }
            }
            g.Node("LpNormalization", [x], "fp_adapt_descriptor", OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("p", 2));
            g.Output("fp_adapt_descriptor", OnnxDim.Batch, OutputSize);
        });
    }

    private static float[] Normalise(float[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm > 0)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = (float)(v[i] / norm);
            }
        }
        return v;
    }
}
