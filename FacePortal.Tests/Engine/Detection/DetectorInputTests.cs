using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;

namespace FacePortal.Tests.Engine.Detection;

public class DetectorInputTests
{
    private static readonly DetectorInput Default = new(416, FollowsImage: true, Tiles: 2, TileOverlap: 0.25);

    [Theory]
    [InlineData(250, 250, 256)]
    [InlineData(250, 180, 256)]
    [InlineData(20, 10, 32)]
    [InlineData(384, 200, 384)]
    [InlineData(385, 200, 416)]
    [InlineData(1920, 1280, 416)]
    public void Plan_WholeImage_InputFollowsTheLongerSideUpTo416(int width, int height, int expected)
    {
        var plan = Default.Plan(width, height);

        Assert.Equal(new DetectorPass(new PixelRect(0, 0, width, height), expected, false), plan[0]);
    }

    [Fact]
    public void Plan_FaceApi_AlwaysOneWholeImagePassAt416()
    {
        Assert.Equal([new DetectorPass(new PixelRect(0, 0, 250, 250), 416, false)], DetectorInput.FaceApi.Plan(250, 250));
        Assert.Single(DetectorInput.FaceApi.Plan(1920, 1280));
    }

    [Theory]
    [InlineData(416, 300)]
    [InlineData(250, 250)]
    [InlineData(300, 416)]
    public void Plan_ImageThatFitsTheInput_IsNotTiled(int width, int height) =>
        Assert.Single(Default.Plan(width, height));

    [Theory]
    [InlineData(500, 375, 2)]
    [InlineData(375, 500, 2)]
    [InlineData(1920, 1280, 2)]
    [InlineData(1920, 1280, 3)]
    [InlineData(2000, 300, 4)]
    public void Plan_LargeImage_SquareTilesInsideTheImageCoverItWithOverlap(int width, int height, int tiles)
    {
        var plan = (Default with { Tiles = tiles }).Plan(width, height);
        var tilePasses = plan.Skip(1).ToList();

        Assert.All(tilePasses, p =>
        {
            Assert.True(p.IsTile);
            Assert.Equal(416, p.InputSize);
            Assert.InRange(p.Region.X, 0, width - p.Region.Width);
            Assert.InRange(p.Region.Y, 0, height - p.Region.Height);
        });
        var side = tilePasses.Max(p => Math.Max(p.Region.Width, p.Region.Height));
        Assert.Equal(tiles, tilePasses.Select(p => width >= height ? p.Region.X : p.Region.Y).Distinct().Count());
        // Every pixel row and column is covered, and neighbouring tiles overlap by at least a quarter of the side.
        foreach (var (length, starts) in new[] { (width, tilePasses.Select(p => p.Region.X)), (height, tilePasses.Select(p => p.Region.Y)) })
        {
            var s = starts.Distinct().Order().ToList();
            Assert.Equal(0, s[0]);
            Assert.Equal(Math.Max(0, length - side), s[^1]);
            for (var k = 1; k < s.Count; k++)
            {
                Assert.True(s[k - 1] + side - s[k] >= 0.25 * side - 1, $"tiles at {s[k - 1]} and {s[k]} (side {side}) overlap too little");
            }
        }
    }
}
