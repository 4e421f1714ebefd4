namespace FacePortal.Engine.Onnx;

/// <summary>A node attribute: one of the ONNX attribute kinds our converters use.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name) => Name = name;

    public string Name { get; }
    internal long? IntValue { get; private init; }
    internal float? FloatValue { get; private init; }
    internal string? StringValue { get; private init; }
    internal long[]? IntsValue { get; private init; }
    internal float[]? FloatsValue { get; private init; }

    public static OnnxAttribute Int(string name, long value) => new(name) { IntValue = value };
    public static OnnxAttribute Float(string name, float value) => new(name) { FloatValue = value };
    public static OnnxAttribute String(string name, string value) => new(name) { StringValue = value };
    public static OnnxAttribute Ints(string name, params long[] values) => new(name) { IntsValue = values };
    public static OnnxAttribute Floats(string name, params float[] values) => new(name) { FloatsValue = values };

    // AttributeProto: name=1 f=2 i=3 s=4 floats=7 ints=8 type=20.
    internal void WriteTo(ProtoWriter w)
    {
        w.WriteString(1, Name);
        if (IntValue is { } i)
        {
            w.WriteInt64(3, i);
            w.WriteInt64(20, 2);
        }
        else if (FloatValue is { } f)
        {
            w.WriteFloat(2, f);
            w.WriteInt64(20, 1);
        }
        else if (StringValue is { } s)
        {
            w.WriteString(4, s);
            w.WriteInt64(20, 3);
        }
        else if (IntsValue is { } ints)
        {
            w.WritePackedInt64(8, ints);
            w.WriteInt64(20, 7);
        }
        else if (FloatsValue is { } floats)
        {
            w.WritePackedFloat(7, floats);
            w.WriteInt64(20, 6);
        }
    }
}
