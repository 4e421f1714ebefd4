using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FacePortal.Web.Platform.Data;

/// <summary>float[] as a little-endian BLOB (descriptors, landmarks): compact, and read back without parsing.</summary>
public static class FloatArrayConverter
{
    public static ValueConverter<float[], byte[]> Converter { get; } = new(v => ToBytes(v), v => FromBytes(v));

    public static ValueComparer<float[]> Comparer { get; } = new(
        (a, b) => AreEqual(a, b),
        v => v == null ? 0 : v.Length,
        v => v.ToArray());

    public static bool AreEqual(float[]? a, float[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    public static byte[] ToBytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    public static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).ToArray();
}
