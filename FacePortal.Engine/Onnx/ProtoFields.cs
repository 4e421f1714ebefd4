namespace FacePortal.Engine.Onnx;

/// <summary>Minimal protocol-buffers reader: splits a message into its top-level fields, kept raw so they can be copied verbatim.</summary>
internal static class ProtoFields
{
    /// <summary>One field: its number and wire type, the bytes it occupies (tag included) and, for length-delimited ones, its payload.</summary>
    public readonly record struct Field(int Number, int WireType, ReadOnlyMemory<byte> Whole, ReadOnlyMemory<byte> Payload);

    /// <exception cref="InvalidDataException">The bytes are not a well-formed protocol-buffers message.</exception>
    public static List<Field> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var start = at;
            var tag = ReadVarint(span, ref at);
            var number = (int)(tag >> 3);
            var wire = (int)(tag & 7);
            if (number <= 0)
            {
                throw new InvalidDataException($"protobuf: field number {number} at byte {start}");
            }
            var payloadStart = at;
            var payloadLength = 0;
            switch (wire)
            {
                case 0:
                    ReadVarint(span, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    var length = ReadVarint(span, ref at);
                    if (length > (ulong)(span.Length - at))
                    {
                        throw new InvalidDataException($"protobuf: field {number} claims {length} bytes, {span.Length - at} left");
                    }
                    payloadStart = at;
                    payloadLength = (int)length;
                    at += payloadLength;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf: wire type {wire} (field {number}) is not supported");
            }
            if (at > span.Length)
            {
                throw new InvalidDataException($"protobuf: field {number} runs past the end");
            }
            fields.Add(new Field(number, wire, message[start..at], message.Slice(payloadStart, payloadLength)));
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= span.Length)
            {
                throw new InvalidDataException("protobuf: truncated varint");
            }
            var b = span[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("protobuf: varint longer than 10 bytes");
    }
}
