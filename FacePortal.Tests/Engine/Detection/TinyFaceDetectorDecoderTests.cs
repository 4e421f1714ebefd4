using FacePortal.Engine.Detection;

namespace FacePortal.Tests.Engine.Detection;

public class TinyFaceDetectorDecoderTests
{
    // Input size 64 -> a 2x2 grid; every logit -10 (sigmoid 4.5e-5) unless set.
    private static float[] Grid(int inputSize = 64)
    {
        var cells = inputSize / 32;
        return Enumerable.Repeat(-10f, cells * cells * 25).ToArray();
    }

    private static void Set(float[] output, int cells, int row, int col, int anchor, float tx, float ty, float tw, float th, float to)
    {
        var i = ((row * cells + col) * 5 + anchor) * 5;
        output[i] = tx;
        output[i + 1] = ty;
        output[i + 2] = tw;
        output[i + 3] = th;
        output[i + 4] = to;
    }

    [Fact]
    public void Decode_OneConfidentAnchorSquareImage_GivesHandWorkedBox()
    {
        var output = Grid();
        // Row 1, col 0, anchor 0 (1.603231 x 2.094468 cells); sigmoid(0) = 0.5, exp(0) = 1.
        Set(output, 2, 1, 0, 0, 0, 0, 0, 0, 2);

        var dets = TinyFaceDetectorDecoder.Decode(output, 64, 64, 64);

        var d = Assert.Single(dets);
        // centre (0.5/2, 1.5/2), size (1.603231/2, 2.094468/2), relative; times 64 pixels.
        Assert.Equal((0.25 - 1.603231 / 4) * 64, d.Box.X, 9);
        Assert.Equal((0.75 - 2.094468 / 4) * 64, d.Box.Y, 9);
        Assert.Equal(1.603231 / 2 * 64, d.Box.Width, 9);
        Assert.Equal(2.094468 / 2 * 64, d.Box.Height, 9);
        Assert.Equal(1 / (1 + Math.Exp(-2)), d.Score, 12);
    }

    [Fact]
    public void Decode_WideImage_StretchesYByThePaddingCorrection()
    {
        // 200x100 into 64: the image fills 64x32 of the square, so y and h are corrected by 64/32 = 2.
        var output = Grid();
        Set(output, 2, 0, 1, 2, 0, 0, (float)Math.Log(2), 0, 3);

        var dets = TinyFaceDetectorDecoder.Decode(output, 200, 100, 64);

        var d = Assert.Single(dets);
        var w = 2 * 2.882459 / 2;         // exp(tw) * anchor.x / cells, correction 1
        var h = 3.518061 / 2 * 2;         // anchor.y / cells, correction 2
        // Tolerance: tw = (float)ln 2 is off by 2e-8 relative.
        Assert.Equal((0.75 - w / 2) * 200, d.Box.X, 1e-4);
        Assert.Equal((0.25 * 2 - h / 2) * 100, d.Box.Y, 1e-9);
        Assert.Equal(w * 200, d.Box.Width, 1e-4);
        Assert.Equal(h * 100, d.Box.Height, 1e-9);
    }

    [Fact]
    public void Decode_ScoreThreshold_IsStrictlyAbove()
    {
        var output = Grid();
        Set(output, 2, 0, 0, 0, 0, 0, 0, 0, 0);       // sigmoid 0.5: not > 0.5
        Set(output, 2, 1, 1, 1, 0, 0, 0, 0, 0.01f);   // just above

        var dets = TinyFaceDetectorDecoder.Decode(output, 64, 64, 64);

        var d = Assert.Single(dets);
        Assert.True(d.Score > 0.5);
        Assert.Equal(2, TinyFaceDetectorDecoder.Decode(output, 64, 64, 64, scoreThreshold: 0.4).Length);
    }

    [Fact]
    public void Decode_TwoAnchorsOnTheSameFace_NmsKeepsTheHigherScore()
    {
        var output = Grid();
        // Same cell, anchors 0 and 2 have nearly the same shape: IoU far above 0.4.
        Set(output, 2, 0, 0, 0, 0, 0, 0.5f, 0.5f, 1);
        Set(output, 2, 0, 0, 2, 0, 0, 0, 0, 2);
        // A far cell: survives.
        Set(output, 2, 1, 1, 0, 0, 0, 0, 0, 1.5f);

        var dets = TinyFaceDetectorDecoder.Decode(output, 64, 64, 64);

        Assert.Equal(2, dets.Length);
        Assert.Equal(1 / (1 + Math.Exp(-2)), dets[0].Score, 12);
        Assert.Equal(1 / (1 + Math.Exp(-1.5)), dets[1].Score, 12);
        Assert.True(dets[0].Box.X < 32 && dets[1].Box.X > 16);
    }

    [Fact]
    public void Decode_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => TinyFaceDetectorDecoder.Decode(new float[99], 64, 64, 64));
        Assert.Throws<ArgumentOutOfRangeException>(() => TinyFaceDetectorDecoder.Decode(new float[100], 64, 64, 50));
    }
}
