using FacePortal.Engine.Imaging;

namespace FacePortal.Tests.Engine.Imaging;

public class FaceQualityTests
{
    [Fact]
    public void Sharpness_SingleWhitePixel_MatchesHandWorkedVariance()
    {
        // 5x5 black with a white centre: the 9 interior Laplacians are -4*255 once, +255 four times,
        // 0 four times. Mean 0, variance (1020^2 + 4 * 255^2) / 9 = 144500.
        var pixels = new byte[5 * 5 * 3];
        pixels.AsSpan((2 * 5 + 2) * 3, 3).Fill(255);
        Assert.Equal(144500, FaceQuality.Sharpness(new RgbImage(5, 5, pixels)), 1e-6);
    }

    [Fact]
    public void Sharpness_ConstantImage_IsZero()
    {
        var image = new RgbImage(20, 20, Enumerable.Repeat((byte)90, 20 * 20 * 3).ToArray());
        Assert.Equal(0, FaceQuality.Sharpness(image), 1e-9);
    }

    [Fact]
    public void Sharpness_BlurredChip_ScoresLowerThanSharp()
    {
        using var pattern = TestImages.Pattern(150, 150);
        var sharp = new byte[150 * 150 * 3];
        pattern.CopyPixelDataTo(sharp);
        var sharpImage = new RgbImage(150, 150, sharp);
        var blurred = BoxBlur(sharpImage);
        var twiceBlurred = BoxBlur(blurred);

        var s0 = FaceQuality.Sharpness(sharpImage);
        var s1 = FaceQuality.Sharpness(blurred);
        var s2 = FaceQuality.Sharpness(twiceBlurred);
        Assert.True(s0 > s1 && s1 > s2, $"{s0} > {s1} > {s2}");
    }

    private static RgbImage BoxBlur(RgbImage image)
    {
        var (w, h) = (image.Width, image.Height);
        var output = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    int sum = 0, n = 0;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            var (xx, yy) = (x + dx, y + dy);
                            if (xx >= 0 && yy >= 0 && xx < w && yy < h)
                            {
                                sum += image.Pixels[(yy * w + xx) * 3 + c];
                                n++;
                            }
                        }
                    }
                    output[(y * w + x) * 3 + c] = (byte)((sum + n / 2) / n);
                }
            }
        }
        return new RgbImage(w, h, output);
    }
}
