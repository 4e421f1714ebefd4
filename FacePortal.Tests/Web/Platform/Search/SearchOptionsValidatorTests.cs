using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Tests.Web.Platform.Search;

public class SearchOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_AreEmbeddedAndValid()
    {
        var defaults = new SearchOptions();

        Assert.Equal(SearchMode.Embedded, defaults.Mode);
        Assert.True(new SearchOptionsValidator().Validate(null, defaults).Succeeded);
        Assert.True(new ClusterHostOptionsValidator().Validate(null, new ClusterHostOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, 1000, "FacePortal:Search:Shards must be in 1..4096 (got 0).")]
    [InlineData(8, 5, "FacePortal:Search:DeadlineMilliseconds must be in 10..60000 (got 5).")]
    public void Validate_BadValue_NamesTheSetting(int shards, int deadline, string message)
    {
        var result = new SearchOptionsValidator().Validate(null, new SearchOptions { Shards = shards, DeadlineMilliseconds = deadline });

        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }

    [Fact]
    public void Validate_ClusterPortsClashOrBadAddress_NamesTheSettings()
    {
        var result = new ClusterHostOptionsValidator().Validate(null, new ClusterHostOptions { GatewayPort = 11111, AdvertisedAddress = "silo-1" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("FacePortal:Cluster:GatewayPort ", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("FacePortal:Cluster:AdvertisedAddress ", StringComparison.Ordinal));
    }
}
