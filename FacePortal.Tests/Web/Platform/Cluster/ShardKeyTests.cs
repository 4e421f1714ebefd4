using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Cluster;

namespace FacePortal.Tests.Web.Platform.Cluster;

public class ShardKeyTests
{
    [Fact]
    public void Parse_OfToString_RoundTripsASignatureWithSlashes()
    {
        var key = new ShardKey(7, 3, 8, DistanceMetric.Cosine, 512, "arcface;dlib/150;flip");

        Assert.Equal("7/3/8/1/512/arcface;dlib/150;flip", key.ToString());
        Assert.Equal(key, ShardKey.Parse(key.ToString()));
    }

    [Fact]
    public void Parse_NotAShardKey_Throws() => Assert.Throws<FormatException>(() => ShardKey.Parse("7/3"));
}
