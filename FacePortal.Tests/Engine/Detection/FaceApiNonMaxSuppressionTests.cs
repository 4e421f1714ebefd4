using FacePortal.Engine.Detection;

namespace FacePortal.Tests.Engine.Detection;

public class FaceApiNonMaxSuppressionTests
{
    [Fact]
    public void Overlap_HalfShiftedSquares_IsOneThirdIoUAndOneHalfOfMin()
    {
        var a = new FaceBox(0, 0, 10, 10);
        var b = new FaceBox(5, 0, 10, 10);

        // Intersection 50, union 150, smaller area 100.
        Assert.Equal(1.0 / 3, FaceApiNonMaxSuppression.Overlap(a, b), 12);
        Assert.Equal(0.5, FaceApiNonMaxSuppression.Overlap(a, b, isIoU: false), 12);
        Assert.Equal(1.0 / 3, a.IoU(b), 12);
    }

    [Fact]
    public void Run_OverlapAboveThreshold_KeepsOnlyTheBetterBox()
    {
        // IoU of these two: 8x10 / (100 + 100 - 80) = 0.667.
        FaceBox[] boxes = [new(0, 0, 10, 10), new(2, 0, 10, 10)];

        var picks = FaceApiNonMaxSuppression.Run(boxes, [0.6, 0.9], 0.4);

        Assert.Equal([1], picks);
    }

    [Fact]
    public void Run_OverlapAtOrBelowThreshold_KeepsBothBestFirst()
    {
        // IoU = 50/150 = 0.333 <= 0.4; a disjoint box as well.
        FaceBox[] boxes = [new(0, 0, 10, 10), new(5, 0, 10, 10), new(100, 100, 5, 5)];

        var picks = FaceApiNonMaxSuppression.Run(boxes, [0.7, 0.8, 0.75], 0.4);

        Assert.Equal([1, 2, 0], picks);
    }

    [Fact]
    public void Run_MinAreaVariant_DropsBoxInsideABiggerOne()
    {
        // A small box fully inside a big one: IoU 25/400 = 0.0625 keeps it, intersection/min = 1 drops it.
        FaceBox[] boxes = [new(0, 0, 20, 20), new(5, 5, 5, 5)];

        Assert.Equal([0, 1], FaceApiNonMaxSuppression.Run(boxes, [0.9, 0.8], 0.4));
        Assert.Equal([0], FaceApiNonMaxSuppression.Run(boxes, [0.9, 0.8], 0.4, isIoU: false));
    }

    [Fact]
    public void Run_EqualScores_LaterIndexFirstLikeStableSortAndPop()
    {
        FaceBox[] boxes = [new(0, 0, 1, 1), new(10, 10, 1, 1), new(20, 20, 1, 1)];

        var picks = FaceApiNonMaxSuppression.Run(boxes, [0.5, 0.5, 0.5], 0.4);

        Assert.Equal([2, 1, 0], picks);
    }

    [Fact]
    public void Run_ChainOfOverlaps_SuppressesOnlyAgainstKeptBoxes()
    {
        // A-B IoU 80/120 = 0.667, B-C 60/140 = 0.429, A-C 40/160 = 0.25. Best is A: it drops B,
        // and C survives because B (which would have dropped it) is already gone.
        FaceBox[] boxes = [new(0, 0, 10, 10), new(2, 0, 10, 10), new(6, 0, 10, 10)];

        var picks = FaceApiNonMaxSuppression.Run(boxes, [0.9, 0.8, 0.7], 0.4);

        Assert.Equal([0, 2], picks);
    }
}
