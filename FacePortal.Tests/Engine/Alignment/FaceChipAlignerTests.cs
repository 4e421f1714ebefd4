using System.Numerics;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Imaging;

namespace FacePortal.Tests.Engine.Alignment;

public class FaceChipAlignerTests
{
    private static readonly FaceChipAligner Aligner = new(150, 0.25);

    // 68 landmarks: the template moved by `placement`; points dlib ignores (jaw, eyebrows, lower lip) are garbage.
    private static Vector2[] Landmarks(Affine2D placement)
    {
        var points = new Vector2[68];
        for (var i = 0; i < 68; i++)
        {
            var ignored = i < 27 || i is >= 55 and <= 59 || i >= 65;
            var p = i < 17 ? new PointD(-5000, 9000) : placement.Apply(Aligner.TemplatePoint(i));
            points[i] = ignored ? new Vector2(-5000 + i, 9000 - 3 * i) : new Vector2((float)p.X, (float)p.Y);
        }
        return points;
    }

    [Fact]
    public void TemplatePoint_UsesDlibPaddingFormula()
    {
        // Point 30 (nose tip) is mean (0.490127, 0.515625): ((0.25 + m) / 1.5) * 150.
        var p = Aligner.TemplatePoint(30);
        Assert.Equal((0.25 + 0.490127) / 1.5 * 150, p.X, 1e-12);
        Assert.Equal((0.25 + 0.515625) / 1.5 * 150, p.Y, 1e-12);
    }

    [Fact]
    public void Locate_LandmarksOnTemplate_GivesIdentityAndDlibsHalfPixelChipMap()
    {
        var placement = Aligner.Locate(Landmarks(Affine2D.Identity));

        var s = placement.Similarity;
        Assert.Equal(1, s.A, 1e-5);
        Assert.Equal(0, s.B, 1e-5);
        Assert.Equal(0, s.C, 1e-5);
        Assert.Equal(1, s.D, 1e-5);
        Assert.Equal(0, s.Tx, 1e-4);
        Assert.Equal(0, s.Ty, 1e-4);

        // dlib: centre = T(75, 75) = (75, 75), rect width 150*1 - 1 = 149 spread over chip pixels 0..149,
        // so chip x maps to 75 + (x - 74.5) = x + 0.5.
        var m = placement.ChipToImage;
        Assert.Equal(1, m.A, 1e-5);
        Assert.Equal(0, m.B, 1e-5);
        Assert.Equal(0, m.C, 1e-5);
        Assert.Equal(1, m.D, 1e-5);
        Assert.Equal(0.5, m.Tx, 1e-3);
        Assert.Equal(0.5, m.Ty, 1e-3);
    }

    [Fact]
    public void Align_LandmarksOnTemplate_SamplesBetweenFourPixels()
    {
        var random = new Random(5);
        var pixels = new byte[200 * 200 * 3];
        random.NextBytes(pixels);
        var image = new RgbImage(200, 200, pixels);

        var chip = Aligner.Align(image, Landmarks(Affine2D.Identity));

        Assert.Equal((150, 150), (chip.Image.Width, chip.Image.Height));
        Assert.Equal(0, chip.PyramidLevels);
        for (var y = 0; y < 150; y++)
        {
            for (var x = 0; x < 150; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    // Sample at (x + 0.5, y + 0.5): the mean of the 2x2 block, truncated like dlib. The float
                    // landmarks put the weights within ~1e-6 of 0.5, which only matters when the mean is a whole
                    // number (the truncation may then land one below).
                    int At(int xx, int yy) => pixels[(yy * 200 + xx) * 3 + c];
                    var sum = At(x, y) + At(x + 1, y) + At(x, y + 1) + At(x + 1, y + 1);
                    var actual = chip.Image.Pixels[(y * 150 + x) * 3 + c];
                    if (sum % 4 == 0)
                    {
                        Assert.InRange(actual, sum / 4 - 1, sum / 4);
                    }
                    else
                    {
                        Assert.Equal(sum / 4, actual);
                    }
                }
            }
        }
    }

    [Fact]
    public void Align_FaceRotated20Degrees_ChipUndoesTheRotation()
    {
        // A pattern defined in chip coordinates, drawn into the image through a known similarity:
        // rotated 20 degrees, scaled 1.3, shifted. The chip must give the pattern back upright.
        const double scale = 1.3;
        var rotation = 20 * Math.PI / 180;
        var placed = Affine2D.Similarity(scale, rotation, 150, 20);
        var toChip = placed.Inverse();
        var image = Render(360, 330, (x, y) => toChip.Apply(x, y));

        var chip = Aligner.Align(image, Landmarks(placed));

        Assert.Equal(rotation, chip.Placement.Angle, 1e-5);
        Assert.Equal(scale, chip.Placement.Scale, 1e-5);
        // Hand-worked from dlib's construction: chip x lands on template x 75 + k (x - 74.5), k = (150 s - 1) / (149 s).
        var k = (150 * scale - 1) / (149 * scale);
        var worst = 0.0;
        for (var y = 0; y < 150; y++)
        {
            for (var x = 0; x < 150; x++)
            {
                var (u, v) = (75 + k * (x - 74.5), 75 + k * (y - 74.5));
                var expected = Pattern(u, v);
                var i = (y * 150 + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    worst = Math.Max(worst, Math.Abs(chip.Image.Pixels[i + c] - expected[c]));
                }
            }
        }
        Assert.True(worst <= 2.5, $"worst channel error {worst}");
    }

    [Fact]
    public void Align_ChipPartlyOutsideImage_OutsideIsBlack()
    {
        var image = new RgbImage(300, 300, Enumerable.Repeat((byte)200, 300 * 300 * 3).ToArray());
        // Template shifted 60 px left: chip column x samples image x + 0.5 - 60.
        var chip = Aligner.Align(image, Landmarks(new Affine2D(1, 0, 0, 1, -60, 0)));
        for (var y = 0; y < 150; y += 7)
        {
            for (var x = 0; x < 150; x++)
            {
                var value = chip.Image.Pixels[(y * 150 + x) * 3];
                if (x <= 58)
                {
                    Assert.Equal(0, value);
                }
                else if (x >= 61)
                {
                    Assert.InRange(value, 199, 200);
                }
            }
        }
    }

    [Fact]
    public void Align_FaceFiveTimesChipSize_ShrinksFirstInsteadOfAliasing()
    {
        // A one-pixel checkerboard: plain bilinear sampling 5 pixels apart would alias to 0..255 noise.
        var pixels = new byte[900 * 900 * 3];
        for (var y = 0; y < 900; y++)
        {
            for (var x = 0; x < 900; x++)
            {
                var v = (byte)(((x + y) & 1) * 255);
                pixels.AsSpan((y * 900 + x) * 3, 3).Fill(v);
            }
        }
        var image = new RgbImage(900, 900, pixels);

        var chip = Aligner.Align(image, Landmarks(Affine2D.Similarity(5, 0.1, 80, 60)));

        // dlib's rule: halve while the halved face is still bigger than the chip: 5 -> 2.5 -> 1.25.
        Assert.Equal(2, chip.PyramidLevels);
        Assert.All(chip.Image.Pixels, b => Assert.InRange(b, (byte)126, (byte)129));
    }

    [Fact]
    public void Locate_BadLandmarks_Throw()
    {
        Assert.Throws<ArgumentException>(() => Aligner.Locate(new Vector2[5]));
        var landmarks = Landmarks(Affine2D.Identity);
        landmarks[30] = new Vector2(float.NaN, 1);
        Assert.Throws<ArgumentException>(() => Aligner.Locate(landmarks));
        var collapsed = new Vector2[68];
        Assert.Throws<ArgumentException>(() => Aligner.Locate(collapsed.Select((_, i) => i < 17 ? new Vector2(i, i) : new Vector2(3, 3)).ToArray()));
    }

    [Fact]
    public void Placement_Corners_AreTheChipCornersInTheImage()
    {
        var placed = Affine2D.Similarity(2, 0.5, 300, 100);
        var placement = Aligner.Locate(Landmarks(placed));
        var corners = placement.Corners();
        Assert.Equal(4, corners.Length);
        Assert.Equal(placement.ChipToImage.Apply(149, 149), corners[2]);
        // The diagonal of the chip footprint is about sqrt(2) * 150 * scale.
        var diagonal = Math.Sqrt(Math.Pow(corners[2].X - corners[0].X, 2) + Math.Pow(corners[2].Y - corners[0].Y, 2));
        Assert.InRange(diagonal, Math.Sqrt(2) * 149 * 2 - 1, Math.Sqrt(2) * 150 * 2);
    }

    private static double[] Pattern(double u, double v) =>
        [128 + 100 * Math.Sin(u / 8), 128 + 100 * Math.Cos(v / 10), 128 + 60 * Math.Sin((u + v) / 12)];

    private static RgbImage Render(int width, int height, Func<double, double, PointD> toPattern)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = toPattern(x, y);
                var rgb = Pattern(p.X, p.Y);
                for (var c = 0; c < 3; c++)
                {
                    pixels[(y * width + x) * 3 + c] = (byte)Math.Round(rgb[c]);
                }
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
