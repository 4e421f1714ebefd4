using FacePortal.Engine.Detection.Ssd;

namespace FacePortal.Tests.Engine.Detection.Ssd;

/// <summary>face-api's SSD NMS and pixel conversion on hand-made boxes (ymin, xmin, ymax, xmax), worked out by hand.</summary>
public class SsdDecoderTests
{
    [Fact]
    public void NonMaxSuppression_OverlapAboveThreshold_DropsLowerScore()
    {
        float[] boxes =
        [
            0, 0, 1, 1,     // A, area 1
            0, 0, 1, 0.6f,  // B: IoU with A = 0.6 / 1 = 0.6 > 0.5
            0, 0, 0.5f, 0.5f, // C: IoU with A = 0.25; with B = 0.25 / 0.6 (but B is gone)
        ];
        float[] scores = [0.9f, 0.8f, 0.7f];

        var kept = SsdDecoder.NonMaxSuppression(boxes, scores, 100, 0.5, 0.5);

        Assert.Equal([0, 2], kept);
    }

    [Fact]
    public void NonMaxSuppression_IouExactlyAtThreshold_KeepsBoth()
    {
        float[] boxes = [0, 0, 1, 1, 0, 0, 1, 0.5f]; // IoU = 0.5 / 1 exactly; face-api drops only IoU > threshold
        float[] scores = [0.6f, 0.9f];

        Assert.Equal([1, 0], SsdDecoder.NonMaxSuppression(boxes, scores, 100, 0.5, 0.5));
    }

    [Fact]
    public void NonMaxSuppression_ScoreEqualToThreshold_IsDropped()
    {
        float[] boxes = [0, 0, 0.1f, 0.1f, 0.5f, 0.5f, 0.6f, 0.6f, 0.8f, 0.8f, 0.9f, 0.9f];
        float[] scores = [0.5f, 0.50001f, 0.4f];

        Assert.Equal([1], SsdDecoder.NonMaxSuppression(boxes, scores, 100, 0.5, 0.5));
    }

    [Fact]
    public void NonMaxSuppression_MoreDisjointBoxesThanMax_KeepsTopScoresInOrder()
    {
        var boxes = new float[5 * 4];
        for (var i = 0; i < 5; i++)
        {
            boxes[i * 4] = i * 0.2f;
            boxes[i * 4 + 1] = 0;
            boxes[i * 4 + 2] = i * 0.2f + 0.1f;
            boxes[i * 4 + 3] = 0.1f;
        }
        float[] scores = [0.6f, 0.95f, 0.7f, 0.9f, 0.8f];

        Assert.Equal([1, 3, 4], SsdDecoder.NonMaxSuppression(boxes, scores, 3, 0.5, 0.5));
    }

    [Fact]
    public void NonMaxSuppression_EqualScores_KeepsIndexOrderLikeStableJsSort()
    {
        float[] boxes = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3];
        float[] scores = [0.7f, 0.7f, 0.7f];

        // 0 and 1 are the same box: the first by index wins; 2 is disjoint.
        Assert.Equal([0, 2], SsdDecoder.NonMaxSuppression(boxes, scores, 100, 0.5, 0.5));
    }

    [Fact]
    public void NonMaxSuppression_ZeroAreaKeptBox_SuppressesNothing()
    {
        float[] boxes = [0.2f, 0.2f, 0.2f, 0.8f, 0.1f, 0.1f, 0.9f, 0.9f]; // first has zero height: IoU is 0
        float[] scores = [0.9f, 0.8f];

        Assert.Equal([0, 1], SsdDecoder.NonMaxSuppression(boxes, scores, 100, 0.5, 0.5));
    }

    [Fact]
    public void Iou_CornersGivenInEitherOrder_SortsThemFirst()
    {
        Assert.Equal(1.0, SsdDecoder.Iou([1, 1, 0, 0], [0, 0, 1, 1]));
        // [0,0,2,2] vs [1,1,3,3]: intersection 1, union 4 + 4 - 1.
        Assert.Equal(1.0 / 7, SsdDecoder.Iou([2, 0, 0, 2], [1, 1, 3, 3]), 12);
    }

    [Fact]
    public void NonMaxSuppression_WrongBoxCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => SsdDecoder.NonMaxSuppression(new float[7], new float[2], 100, 0.5, 0.5));
    }

    [Fact]
    public void Decode_LandscapeImage_ClampsAndScalesToPixels()
    {
        // 1000x500: scale 512/1000, rw = 512, rh = 256, so padX = 1 and padY = 2.
        // left = max(0,-0.1)*1 = 0, right = 0.5; top = 0.1*2 = 0.2, bottom = 0.4*2 = 0.8.
        float[] boxes = [0.1f, -0.1f, 0.4f, 0.5f];
        float[] scores = [0.75f];

        var face = Assert.Single(SsdDecoder.Decode(boxes, scores, 1000, 500));

        Assert.Equal(0, face.X, 6);
        Assert.Equal(100, face.Y, 4);
        Assert.Equal(500, face.Width, 4);
        Assert.Equal(300, face.Height, 4);
        Assert.Equal(0.75, face.Score);
    }

    [Fact]
    public void Decode_ReshapedSizeRounding_UsesJsMathRound()
    {
        // 1024x513: scale 0.5, rw = 512, rh = round(256.5) = 257 (half rounds up), padY = 512/257.
        // Bottom clamps: min(1, 1.3) = 1. top = 0.25*512/257 of 513 px.
        float[] boxes = [0.25f, 0.5f, 1.3f, 1.5f];
        float[] scores = [0.9f];

        var face = Assert.Single(SsdDecoder.Decode(boxes, scores, 1024, 513));

        Assert.Equal(0.25 * 512 / 257 * 513, face.Y, 9);
        Assert.Equal((1 - 0.25) * 512 / 257 * 513, face.Height, 9);
        Assert.Equal(512, face.X, 9);
        Assert.Equal(512, face.Width, 9); // right clamps to 1
    }

    [Fact]
    public void Decode_Options_ApplyThresholdAndMaxResults()
    {
        float[] boxes = [0, 0, 0.1f, 0.1f, 0.3f, 0.3f, 0.4f, 0.4f, 0.6f, 0.6f, 0.7f, 0.7f];
        float[] scores = [0.65f, 0.55f, 0.95f];

        var faces = SsdDecoder.Decode(boxes, scores, 512, 512, new SsdDecoderOptions(MinConfidence: 0.6, MaxResults: 1));

        var face = Assert.Single(faces);
        Assert.Equal(0.95f, face.Score);
        Assert.Equal(0.6f * 512.0, face.X, 9);
    }
}
