using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;

namespace FacePortal.Tests.Engine.Landmarks;

public class FaceLandmarkMapperTests
{
    private static float[] Raw(Func<int, (double X, double Y)> point)
    {
        var raw = new float[FaceLandmarkMapper.RawLength];
        for (var i = 0; i < FaceLandmarkMapper.PointCount; i++)
        {
            var (x, y) = point(i);
            raw[2 * i] = (float)x;
            raw[2 * i + 1] = (float)y;
        }
        return raw;
    }

    [Fact]
    public void LandmarkInputBox_BoxOverTheLeftAndBottomEdges_ClipsThenFloorsEachValue()
    {
        // x' = 0, y' = 20.7, w' = min(-10.5 + 100.2 - 0, 80) = 80, h' = min(50.9, 60 - 20.7 = 39.3).
        var box = FaceLandmarkMapper.LandmarkInputBox(new FaceBox(-10.5, 20.7, 100.2, 50.9), 80, 60);

        Assert.Equal(new PixelRect(0, 20, 80, 39), box);
    }

    [Fact]
    public void LandmarkInputBox_InsideImage_FloorsOriginAndSizeSeparately()
    {
        // Not floor(right) - floor(x): 10.9 + 20.9 = 31.8 would give 21, face-api gives floor(20.9) = 20.
        Assert.Equal(new PixelRect(10, 5, 20, 7), FaceLandmarkMapper.LandmarkInputBox(new FaceBox(10.9, 5.5, 20.9, 7.99), 100, 100));
    }

    [Fact]
    public void LandmarkInputBox_OutsideImage_IsNull()
    {
        Assert.Null(FaceLandmarkMapper.LandmarkInputBox(new FaceBox(120, 10, 30, 30), 100, 100));
    }

    [Fact]
    public void ToImagePoints_SquareCrop_ScalesByCropAndShiftsByUnflooredDetection()
    {
        var raw = Raw(i => (0.5, 0.25));
        var detection = new FaceBox(10.3, 20.6, 100.9, 100.9);

        var points = FaceLandmarkMapper.ToImagePoints(raw, new PixelRect(10, 20, 100, 100), detection);

        Assert.Equal(68, points.Length);
        Assert.Equal(10.3 + 50, points[0].X, 1e-4);
        Assert.Equal(20.6 + 25, points[67].Y, 1e-4);
    }

    [Fact]
    public void ToImagePoints_TallCrop_RemovesHalfThePadding()
    {
        // 50x100 crop: scale 1.12, scaled width 56, padX = (112 - 56) / 2 = 28 (in 112 units).
        // raw x 0.25 -> (28 - 28) / 56 = 0; raw x 0.75 -> (84 - 28) / 56 = 1.
        var raw = Raw(i => (i % 2 == 0 ? 0.25 : 0.75, 0.5));
        var detection = new FaceBox(200, 300, 50, 100);

        var points = FaceLandmarkMapper.ToImagePoints(raw, new PixelRect(200, 300, 50, 100), detection);

        Assert.Equal(200, points[0].X, 1e-4);
        Assert.Equal(250, points[1].X, 1e-4);
        Assert.Equal(350, points[0].Y, 1e-4);
    }

    [Fact]
    public void AlignmentBox_HandPlacedEyesAndMouth_GivesDlibBox()
    {
        // 112 crop at the origin, so raw * 112 = pixels. Eyes (40,50) and (72,50), mouth (56,90):
        // eye-mouth distance sqrt(16^2 + 40^2) = 43.08; size = floor(43.08 / 0.45) = 95;
        // centre (56, 63.33); x = floor(56 - 47.5) = 8, y = floor(63.33 - 0.43 * 95) = 22.
        var raw = Raw(i => i switch
        {
            >= 36 and < 42 => (40 / 112.0, 50 / 112.0),
            >= 42 and < 48 => (72 / 112.0, 50 / 112.0),
            >= 48 => (56 / 112.0, 90 / 112.0),
            _ => (0, 0),
        });
        var crop = new PixelRect(0, 0, 112, 112);

        var box = FaceLandmarkMapper.AlignmentBox(raw, crop, new FaceBox(0, 0, 112, 112));

        Assert.Equal(new PixelRect(8, 22, 95, 95), box);
    }

    [Fact]
    public void AlignmentBox_PointsFarOutsideSmallCrop_CapsSizeByCropSizeQuirk()
    {
        // 20x20 crop: eyes (0,0) and (40,0), mouth (20,80) in pixels -> size floor(82.46 / 0.45) = 183,
        // x = y = 0 (clamped), then w = min(183, 20 + 0) = 20: face-api's cap uses the crop's size.
        var raw = Raw(i => i switch
        {
            >= 36 and < 42 => (0, 0),
            >= 42 and < 48 => (2, 0),
            >= 48 => (1, 4),
            _ => (0, 0),
        });

        var box = FaceLandmarkMapper.AlignmentBox(raw, new PixelRect(0, 0, 20, 20), new FaceBox(0, 0, 20, 20));

        Assert.Equal(new PixelRect(0, 0, 20, 20), box);
    }

    [Fact]
    public void DescriptorInputBox_PastTheRightEdge_IsClipped()
    {
        Assert.Equal(new PixelRect(90, 10, 10, 30), FaceLandmarkMapper.DescriptorInputBox(new PixelRect(90, 10, 30, 30), 100, 100));
        Assert.Null(FaceLandmarkMapper.DescriptorInputBox(new PixelRect(100, 10, 30, 30), 100, 100));
    }

    [Fact]
    public void ToImagePoints_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => FaceLandmarkMapper.ToImagePoints(new float[10], new PixelRect(0, 0, 5, 5), default));
    }
}
