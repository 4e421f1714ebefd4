using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace FacePortal.Engine.Onnx;

/// <summary>
/// Reads the main graph of an ONNX model from its protobuf bytes: what <see cref="OnnxGraphBuilder"/> writes (and
/// <see cref="OnnxHeadSplicer"/> extends), so a graph we wrote can be evaluated by something other than ONNX Runtime.
/// Float and int64 initializers (raw_data or the typed repeated fields); other element types are refused by name.
/// </summary>
public static class OnnxGraphReader
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    /// <exception cref="InvalidDataException">The bytes are not an ONNX model, or hold a tensor type the reader does not know.</exception>
    public static OnnxGraph Read(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = ProtoFields.Read(model).FirstOrDefault(f => f.Number == 7 && f.WireType == 2);
        if (graph.Whole.IsEmpty)
        {
            throw new InvalidDataException("not an ONNX model: no graph");
        }
        var nodes = new List<OnnxGraph.Node>();
        var initializers = new Dictionary<string, OnnxGraph.Tensor>(StringComparer.Ordinal);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var name = "";
        // GraphProto: node=1 name=2 initializer=5 input=11 output=12.
        foreach (var f in ProtoFields.Read(graph.Payload))
        {
            switch (f.Number)
            {
                case 1:
                    nodes.Add(ReadNode(f.Payload));
                    break;
                case 2:
                    name = Text(f);
                    break;
                case 5:
                    var t = ReadTensor(f.Payload);
                    initializers[t.Name] = t;
                    break;
                case 11:
                    inputs.Add(ValueInfoName(f.Payload));
                    break;
                case 12:
                    outputs.Add(ValueInfoName(f.Payload));
                    break;
            }
        }
        // Older writers list initializers among the inputs too; only the real inputs are fed.
        return new OnnxGraph(name, nodes, initializers, [.. inputs.Where(i => !initializers.ContainsKey(i))], outputs);
    }

    // NodeProto: input=1 output=2 name=3 op_type=4 attribute=5.
    private static OnnxGraph.Node ReadNode(ReadOnlyMemory<byte> payload)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxGraph.Attribute>(StringComparer.Ordinal);
        string name = "", op = "";
        foreach (var f in ProtoFields.Read(payload))
        {
            switch (f.Number)
            {
                case 1:
                    inputs.Add(Text(f));
                    break;
                case 2:
                    outputs.Add(Text(f));
                    break;
                case 3:
                    name = Text(f);
                    break;
                case 4:
                    op = Text(f);
                    break;
                case 5:
                    var (key, value) = ReadAttribute(f.Payload);
                    attributes[key] = value;
                    break;
            }
        }
        return new OnnxGraph.Node(op, name, inputs, outputs, attributes);
    }

    // AttributeProto: name=1 f=2 i=3 s=4 floats=7 ints=8.
    private static (string Name, OnnxGraph.Attribute Value) ReadAttribute(ReadOnlyMemory<byte> payload)
    {
        string name = "";
        long? i = null;
        float? fl = null;
        string? s = null;
        List<long>? ints = null;
        List<float>? floats = null;
        foreach (var f in ProtoFields.Read(payload))
        {
            switch (f.Number)
            {
                case 1:
                    name = Text(f);
                    break;
                case 2:
                    fl = Fixed32(f);
                    break;
                case 3:
                    i = (long)Varint(f);
                    break;
                case 4:
                    s = Text(f);
                    break;
                case 7:
                    floats ??= [];
                    if (f.WireType == 2)
                    {
                        floats.AddRange(MemoryMarshal.Cast<byte, float>(f.Payload.Span).ToArray());
                    }
                    else
                    {
                        floats.Add(Fixed32(f));
                    }
                    break;
                case 8:
                    ints ??= [];
                    if (f.WireType == 2)
                    {
                        ints.AddRange(PackedVarints(f.Payload.Span));
                    }
                    else
                    {
                        ints.Add((long)Varint(f));
                    }
                    break;
            }
        }
        return (name, new OnnxGraph.Attribute(i, fl, s, ints?.ToArray(), floats?.ToArray()));
    }

    // TensorProto: dims=1 data_type=2 float_data=4 int64_data=7 name=8 raw_data=9.
    private static OnnxGraph.Tensor ReadTensor(ReadOnlyMemory<byte> payload)
    {
        var dims = new List<long>();
        var type = 0;
        string name = "";
        ReadOnlyMemory<byte>? raw = null;
        var floats = new List<float>();
        var longs = new List<long>();
        foreach (var f in ProtoFields.Read(payload))
        {
            switch (f.Number)
            {
                case 1:
                    if (f.WireType == 2)
                    {
                        dims.AddRange(PackedVarints(f.Payload.Span));
                    }
                    else
                    {
                        dims.Add((long)Varint(f));
                    }
                    break;
                case 2:
                    type = (int)Varint(f);
                    break;
                case 4:
                    if (f.WireType == 2)
                    {
                        floats.AddRange(MemoryMarshal.Cast<byte, float>(f.Payload.Span).ToArray());
                    }
                    else
                    {
                        floats.Add(Fixed32(f));
                    }
                    break;
                case 7:
                    if (f.WireType == 2)
                    {
                        longs.AddRange(PackedVarints(f.Payload.Span));
                    }
                    else
                    {
                        longs.Add((long)Varint(f));
                    }
                    break;
                case 8:
                    name = Text(f);
                    break;
                case 9:
                    raw = f.Payload;
                    break;
            }
        }
        return type switch
        {
            FloatType => new OnnxGraph.Tensor(name, type, [.. dims], raw is { } r ? MemoryMarshal.Cast<byte, float>(r.Span).ToArray() : [.. floats], null),
            Int64Type => new OnnxGraph.Tensor(name, type, [.. dims], null, raw is { } r ? MemoryMarshal.Cast<byte, long>(r.Span).ToArray() : [.. longs]),
            _ => throw new InvalidDataException($"ONNX initializer '{name}' has element type {type}; only float (1) and int64 (7) are read."),
        };
    }

    // ValueInfoProto: name=1.
    private static string ValueInfoName(ReadOnlyMemory<byte> payload) =>
        ProtoFields.Read(payload).Where(f => f.Number == 1 && f.WireType == 2).Select(Text).FirstOrDefault() ?? "";

    private static string Text(ProtoFields.Field f) => Encoding.UTF8.GetString(f.Payload.Span);

    private static float Fixed32(ProtoFields.Field f) => BinaryPrimitives.ReadSingleLittleEndian(f.Whole.Span[^4..]);

    // The value of a varint field: the bytes after its tag.
    private static ulong Varint(ProtoFields.Field f)
    {
        var span = f.Whole.Span;
        var at = 0;
        ReadVarint(span, ref at);
        return ReadVarint(span, ref at);
    }

    private static List<long> PackedVarints(ReadOnlySpan<byte> span)
    {
        var values = new List<long>();
        var at = 0;
        while (at < span.Length)
        {
            values.Add((long)ReadVarint(span, ref at));
        }
        return values;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64 && at < span.Length; shift += 7)
        {
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("protobuf: truncated varint");
    }
}
