using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Features.Galleries;

public class ImageFilterTests
{
    private static ImageView Image(int id, string name, FaceView? face, bool excluded = false, params string[] tags) =>
        new(id, 1, new string('a', 64), name, 100, 100, face is null ? ImageOutcome.NoFace : ImageOutcome.Face, null, excluded,
            face is null ? -1 : 0, tags, face is null ? [] : [face]);

    private static FaceView Face(double score, double side, double sharpness, double yaw) => new(0, 0, 0, side, side, score, [], sharpness, yaw, true);

    private static readonly ImageView[] Images =
    [
        Image(1, "b.jpg", Face(0.9, 80, 50, -30)),
        Image(2, "a.jpg", Face(0.6, 120, 200, 5), excluded: true, "blurry"),
        Image(3, "c.jpg", null),
        Image(4, "d.jpg", Face(0.99, 40, 120, 15), false, "Blurry"),
    ];

    [Theory]
    [InlineData(ImageSort.Name, false, new[] { 2, 1, 3, 4 })]
    [InlineData(ImageSort.Score, true, new[] { 4, 1, 2, 3 })]
    [InlineData(ImageSort.Size, false, new[] { 4, 1, 2, 3 })]
    [InlineData(ImageSort.Sharpness, true, new[] { 2, 4, 1, 3 })]
    [InlineData(ImageSort.Yaw, false, new[] { 2, 4, 1, 3 })]
    public void Apply_SortBy_OrdersAndPutsFacelessLast(ImageSort sort, bool descending, int[] expected)
    {
        var filter = new ImageFilter { Sort = sort, Descending = descending };

        Assert.Equal(expected, filter.Apply(Images).Select(i => i.Id));
    }

    [Fact]
    public void Apply_MeasureFilters_KeepOnlyFacesThatPassAll()
    {
        Assert.Equal([1, 2], new ImageFilter { MinSize = 60 }.Apply(Images).Select(i => i.Id).Order());
        Assert.Equal([2, 4], new ImageFilter { MaxAbsYaw = 20, MinSharpness = 100 }.Apply(Images).Select(i => i.Id));
        Assert.Equal([4], new ImageFilter { MinScore = 0.95 }.Apply(Images).Select(i => i.Id));
    }

    [Fact]
    public void Apply_HideExcludedAndTag_LeavesThemOut()
    {
        Assert.Equal([1, 3, 4], new ImageFilter { ShowExcluded = false }.Apply(Images).Select(i => i.Id).Order());
        Assert.Equal([2, 4], new ImageFilter { Tag = "BLURRY" }.Apply(Images).Select(i => i.Id).Order());
        Assert.Equal([3], new ImageFilter { Outcome = ImageOutcome.NoFace }.Apply(Images).Select(i => i.Id));
    }
}
