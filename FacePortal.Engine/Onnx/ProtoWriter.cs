using System.Buffers.Binary;
using System.Text;

namespace FacePortal.Engine.Onnx;

/// <summary>Minimal protocol-buffers encoder: just the wire types that ONNX's ModelProto needs.</summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public byte[] ToArray() => _buffer.ToArray();

    public void WriteInt64(int field, long value)
    {
        WriteTag(field, 0);
        WriteVarint((ulong)value);
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, 2);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteMessage(int field, Action<ProtoWriter> body)
    {
        var inner = new ProtoWriter();
        body(inner);
        WriteBytes(field, inner._buffer.GetBuffer().AsSpan(0, (int)inner._buffer.Length));
    }

    public void WritePackedInt64(int field, IReadOnlyList<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner.WriteVarint((ulong)v);
        }
        WriteBytes(field, inner._buffer.GetBuffer().AsSpan(0, (int)inner._buffer.Length));
    }

    public void WritePackedFloat(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }
        WriteBytes(field, bytes);
    }

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
