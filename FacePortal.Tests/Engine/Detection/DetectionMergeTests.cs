using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;

namespace FacePortal.Tests.Engine.Detection;

public class DetectionMergeTests
{
    private static readonly DetectorPass Whole = new(new PixelRect(0, 0, 500, 375), 416, false);
    private static readonly DetectorPass Left = new(new PixelRect(0, 0, 286, 286), 416, true);
    private static readonly DetectorPass Right = new(new PixelRect(214, 0, 286, 286), 416, true);

    private static FaceDetection Face(double x, double y, double side, double score) => new(new FaceBox(x, y, side, side), score);

    [Fact]
    public void Merge_OnePass_KeepsItsFacesAsTheyAre()
    {
        FaceDetection[] faces = [Face(10, 10, 50, 0.9), Face(12, 12, 50, 0.8)];

        Assert.Same(faces, DetectionMerge.Merge([(Whole, faces)], 500, 375));
    }

    [Fact]
    public void Merge_SameFaceInWholeImageAndTile_OnceWithTheBestScore()
    {
        var merged = DetectionMerge.Merge([(Whole, [Face(50, 50, 40, 0.6)]), (Left, [Face(48, 49, 42, 0.9)]), (Right, [])], 500, 375);

        Assert.Equal([Face(48, 49, 42, 0.9)], merged);
    }

    [Fact]
    public void Merge_FaceCutByATilesInnerEdge_Dropped_WholeFaceFromTheNeighbourKept()
    {
        // The left tile ends at x = 286: it sees the left half of a face at 260..310; the right tile sees all of it.
        var merged = DetectionMerge.Merge([(Whole, []), (Left, [Face(262, 100, 26, 0.95)]), (Right, [Face(260, 98, 50, 0.7)])], 500, 375);

        Assert.Equal([Face(260, 98, 50, 0.7)], merged);
    }

    [Fact]
    public void Merge_FaceAtTheImagesOuterEdge_Kept()
    {
        var merged = DetectionMerge.Merge([(Whole, []), (Left, [Face(0, 0, 40, 0.8)]), (Right, [Face(460, 10, 40, 0.7)])], 500, 375);

        Assert.Equal(2, merged.Length);
    }

    [Fact]
    public void Merge_FaceMostlyInsideABetterOne_Dropped_SeparateFacesKept()
    {
        var merged = DetectionMerge.Merge(
            [(Whole, [Face(100, 100, 80, 0.9), Face(300, 100, 50, 0.8)]), (Left, [Face(110, 110, 40, 0.7)]), (Right, [])], 500, 375);

        Assert.Equal([Face(100, 100, 80, 0.9), Face(300, 100, 50, 0.8)], merged);
    }
}
