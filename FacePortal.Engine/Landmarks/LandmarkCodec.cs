using System.Numerics;

namespace FacePortal.Engine.Landmarks;

/// <summary>
/// The one flat layout of a face's landmarks outside the engine (database column, REST API): the 68 points'
/// x,y interleaved, image pixels, as <c>float[136]</c>; empty when the face has none (too small to measure).
/// </summary>
public static class LandmarkCodec
{
    public const int PointCount = 68;

    public const int PackedLength = 2 * PointCount;

    /// <summary>Interleaved x,y; empty for no points.</summary>
    public static float[] Pack(Vector2[]? points)
    {
        if (points is null)
        {
            return [];
        }
        var packed = new float[2 * points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            packed[2 * i] = points[i].X;
            packed[2 * i + 1] = points[i].Y;
        }
        return packed;
    }

    /// <summary>The 68 points; null when <paramref name="packed"/> is not a full set (an empty or damaged row).</summary>
    public static Vector2[]? Unpack(ReadOnlySpan<float> packed)
    {
        if (packed.Length != PackedLength)
        {
            return null;
        }
        var points = new Vector2[PointCount];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(packed[2 * i], packed[2 * i + 1]);
        }
        return points;
    }

    /// <summary>[x, y] pairs, as the REST API writes them; an odd trailing value is dropped.</summary>
    public static float[][] Pairs(ReadOnlySpan<float> packed)
    {
        var pairs = new float[packed.Length / 2][];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = [packed[2 * i], packed[2 * i + 1]];
        }
        return pairs;
    }
}
