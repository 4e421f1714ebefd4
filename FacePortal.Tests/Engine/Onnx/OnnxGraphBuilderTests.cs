using FacePortal.Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FacePortal.Tests.Engine.Onnx;

public class OnnxGraphBuilderTests
{
    [Fact]
    public void ToModelBytes_ConvReluGraph_RunsInOnnxRuntimeWithExpectedValues()
    {
        var g = new OnnxGraphBuilder("test");
        var x = g.Input("x", OnnxDim.Batch, 1, 3, 3);
        var w = g.Initializer("w", [1, 0, 0, 0, -1, 0, 0, 0, 2], 1, 1, 3, 3);
        var b = g.Initializer("b", [0.5f], 1);
        var conv = g.Node("Conv", [x, w, b], attributes: [OnnxAttribute.Ints("pads", 1, 1, 1, 1), OnnxAttribute.Ints("kernel_shape", 3, 3)]);
        g.Node("Relu", [conv], "y");
        g.Output("y", OnnxDim.Batch, 1, 3, 3);

        using var session = new InferenceSession(g.ToModelBytes());
        var input = new DenseTensor<float>(Enumerable.Range(1, 18).Select(i => (float)i).ToArray(), [2, 1, 3, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
        var y = results.Single().AsTensor<float>();

        Assert.Equal([2, 1, 3, 3], y.Dimensions.ToArray());
        // Centre pixel of the first image: 1*x[0,0] - x[1,1] + 2*x[2,2] + 0.5 = 1 - 5 + 18 + 0.5.
        Assert.Equal(14.5f, y[0, 0, 1, 1]);
        // Top-left corner: only -x[0,0] + 2*x[1,1] fall inside: -1 + 10 + 0.5.
        Assert.Equal(9.5f, y[0, 0, 0, 0]);
        // Second image, centre: 10 - 14 + 36 + 0.5.
        Assert.Equal(32.5f, y[1, 0, 1, 1]);
    }

    [Fact]
    public void Initializer_WrongCount_Throws()
    {
        var g = new OnnxGraphBuilder("test");
        Assert.Throws<ArgumentException>(() => g.Initializer("w", [1f, 2f], 3));
    }
}
