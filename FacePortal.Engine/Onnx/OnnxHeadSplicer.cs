using System.Text;

namespace FacePortal.Engine.Onnx;

/// <summary>
/// Appends a small graph (a projection head) after an existing ONNX model's output: the result takes the same input and
/// answers head(original output) as its only output, so it loads as any other embedding model. Works on the protobuf
/// bytes (the base graph's fields are copied verbatim), so any model we can load can be extended, whoever wrote it.
/// </summary>
public static class OnnxHeadSplicer
{
    // ModelProto: graph=7. GraphProto: node=1 name=2 initializer=5 output=12. ValueInfoProto: name=1.
    private const int ModelGraph = 7;
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphOutput = 12;

    /// <summary>The name of the model's first graph output (the descriptor, for an embedding model).</summary>
    /// <exception cref="InvalidDataException">Not an ONNX model, or one without outputs.</exception>
    public static string FirstOutputName(byte[] model)
    {
        var graph = Graph(model);
        var output = ProtoFields.Read(graph.Payload).FirstOrDefault(f => f.Number == GraphOutput && f.WireType == 2);
        if (output.Whole.IsEmpty)
        {
            throw new InvalidDataException("the ONNX graph has no output");
        }
        var name = ProtoFields.Read(output.Payload).FirstOrDefault(f => f.Number == 1 && f.WireType == 2);
        return Encoding.UTF8.GetString(name.Payload.Span);
    }

    /// <summary>
    /// <paramref name="head"/> gets a builder and the base output's name, adds its initializers and nodes (names must not
    /// clash with the base graph's: use a prefix) and declares its output with <see cref="OnnxGraphBuilder.Output"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The base bytes are not an ONNX model.</exception>
    public static byte[] Append(byte[] baseModel, Action<OnnxGraphBuilder, string> head)
    {
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(head);
        var input = FirstOutputName(baseModel);
        var builder = new OnnxGraphBuilder("head");
        head(builder, input);
        var headFields = ProtoFields.Read(Graph(builder.ToModelBytes()).Payload)
            .Where(f => f.Number is GraphNode or GraphInitializer or GraphOutput).ToList();
        if (!headFields.Any(f => f.Number == GraphOutput))
        {
            throw new ArgumentException("the head declares no output", nameof(head));
        }

        using var graph = new MemoryStream();
        foreach (var f in ProtoFields.Read(Graph(baseModel).Payload).Where(f => f.Number != GraphOutput))
        {
            graph.Write(f.Whole.Span);
        }
        foreach (var f in headFields)
        {
            graph.Write(f.Whole.Span);
        }
        var model = new ProtoWriter();
        using var result = new MemoryStream();
        foreach (var f in ProtoFields.Read(baseModel))
        {
            if (f.Number == ModelGraph)
            {
                model.WriteBytes(ModelGraph, graph.ToArray());
                result.Write(model.ToArray());
                model = new ProtoWriter();
            }
            else
            {
                result.Write(f.Whole.Span);
            }
        }
        return result.ToArray();
    }

    private static ProtoFields.Field Graph(byte[] model)
    {
        var graph = ProtoFields.Read(model).FirstOrDefault(f => f.Number == ModelGraph && f.WireType == 2);
        if (graph.Whole.IsEmpty)
        {
            throw new InvalidDataException("not an ONNX model: no graph");
        }
        return graph;
    }
}
