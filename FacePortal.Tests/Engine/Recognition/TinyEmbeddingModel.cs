using FacePortal.Engine.Onnx;

namespace FacePortal.Tests.Engine.Recognition;

/// <summary>
/// Small embedding models written with our own ONNX writer, shaped like third-party exports: an 8x8 average pool of
/// the image, flattened, times a fixed pseudo-random matrix. Same seed, same weights, whatever the batch declaration.
/// </summary>
public static class TinyEmbeddingModel
{
    public enum BatchKind
    {
        /// <summary>A symbolic batch dimension that really takes any batch.</summary>
        Dynamic,

        /// <summary>Batch fixed at 1 in the input's shape (most ArcFace / InsightFace exports).</summary>
        FixedOne,

        /// <summary>Declared dynamic, but a reshape inside has a literal 1: only batch 1 runs.</summary>
        DynamicButReshapesToOne,
    }

    /// <summary>NCHW RGB input [batch,3,height,width]; output [batch,embeddingSize].</summary>
    public static byte[] Build(BatchKind batch, int width = 112, int height = 112, int embeddingSize = 16)
    {
        var g = new OnnxGraphBuilder("tiny-embedding");
        OnnxDim b = batch == BatchKind.FixedOne ? 1 : OnnxDim.Batch;
        var x = g.Input("input", b, 3, height, width);
        var pooled = g.Node("AveragePool", [x], attributes: [OnnxAttribute.Ints("kernel_shape", 8, 8), OnnxAttribute.Ints("strides", 8, 8)]);
        var features = 3 * (height / 8) * (width / 8);
        var flat = batch == BatchKind.DynamicButReshapesToOne
            ? g.Node("Reshape", [pooled, g.InitializerInt64("shape", [1, features], 2)])
            : g.Node("Flatten", [pooled], attributes: [OnnxAttribute.Int("axis", 1)]);
        var random = new Random(7);
        var weights = Enumerable.Range(0, features * embeddingSize).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        g.Node("MatMul", [flat, g.Initializer("weights", weights, features, embeddingSize)], "embedding");
        g.Output("embedding", b, embeddingSize);
        return g.ToModelBytes();
    }

    public static string Write(string folder, string name, BatchKind batch, int width = 112, int height = 112, int embeddingSize = 16)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".onnx");
        File.WriteAllBytes(path, Build(batch, width, height, embeddingSize));
        return path;
    }
}
