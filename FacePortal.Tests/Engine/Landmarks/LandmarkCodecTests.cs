using System.Numerics;
using FacePortal.Engine.Landmarks;

namespace FacePortal.Tests.Engine.Landmarks;

public class LandmarkCodecTests
{
    private static Vector2[] Points() =>
        Enumerable.Range(0, LandmarkCodec.PointCount).Select(i => new Vector2(10.25f + i * 1.5f, 200.75f - i * 0.125f)).ToArray();

    [Fact]
    public void Pack_68Points_InterleavesXThenY()
    {
        var points = Points();

        var packed = LandmarkCodec.Pack(points);

        Assert.Equal(LandmarkCodec.PackedLength, packed.Length);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i].X, packed[2 * i]);
            Assert.Equal(points[i].Y, packed[2 * i + 1]);
        }
    }

    [Fact]
    public void Unpack_Packed_RoundTripsExactly()
    {
        var points = Points();

        Assert.Equal(points, LandmarkCodec.Unpack(LandmarkCodec.Pack(points)));
    }

    [Fact]
    public void Pack_NoPoints_Empty() => Assert.Empty(LandmarkCodec.Pack(null));

    [Theory]
    [InlineData(0)]
    [InlineData(134)]
    [InlineData(137)]
    public void Unpack_NotAFullSet_Null(int length) => Assert.Null(LandmarkCodec.Unpack(new float[length]));

    [Fact]
    public void Pairs_Packed_XYPairsInPointOrder()
    {
        var points = Points();

        var pairs = LandmarkCodec.Pairs(LandmarkCodec.Pack(points));

        Assert.Equal(points.Select(p => new[] { p.X, p.Y }), pairs);
        Assert.Empty(LandmarkCodec.Pairs([]));
    }
}
