using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>A shard's HNSW ef_search: the portal's divided by the shard count unless set; the build settings stay the portal's.</summary>
public sealed class ShardApproximateSettingsTests
{
    [Theory]
    [InlineData(512, 8, 0, 64)]
    [InlineData(512, 1, 0, 512)]
    [InlineData(100, 400, 0, 1)]
    [InlineData(512, 8, 128, 128)]
    public void For_ExpansionSearch_IsThePortalsPerShardUnlessSet(int portal, int shards, int setting, int expected)
    {
        var identification = new IdentificationOptions { ExpansionSearch = portal, Connectivity = 24, ExpansionAdd = 150 };
        var key = new ShardKey(1, 0, shards, DistanceMetric.Euclidean, 128, "m");

        var settings = ShardApproximateSettings.For(identification, new ClusterHostOptions { ShardExpansionSearch = setting }, key);

        Assert.Equal(expected, settings.ExpansionSearch);
        Assert.Equal((24, 150), (settings.Connectivity, settings.ExpansionAdd));
    }
}
