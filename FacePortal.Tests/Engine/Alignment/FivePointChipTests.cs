using FacePortal.Engine.Alignment;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Alignment;

/// <summary>The five-point chip on a real photo with the engine's own landmarks.</summary>
[Collection(EngineCollection.Name)]
public class FivePointChipTests(EngineFixture fixture)
{
    [FaceApiWeightsFact]
    public void Align_RealFace_PutsTheFiveLandmarksOntoTheArcFaceTemplate()
    {
        var image = fixture.Engine.Decoder.DecodeFile(Path.Combine(FaceApiPackage.Directory, "demo", "sample2.jpg"));
        var face = fixture.Engine.Pipeline.Analyze([image], FaceSelection.Primary, CancellationToken.None)[0].Primary!;
        var landmarks = face.Landmarks!.Points;
        var template = FivePointAligner.ArcFaceTemplate(112, 112);
        var aligner = new FivePointAligner(112, 112, template);
        var imageToChip = aligner.ImageToChip(landmarks);
        var plain = aligner.Align(image, landmarks);
        var five = FivePointAligner.FivePoints(landmarks);
        var radius = 2.5 / imageToChip.Scale; // 2.5 chip pixels

        for (var i = 0; i < 5; i++)
        {
            // Where a white dot painted at the landmark lands in the chip: the sampled pixels, not only the transform.
            var marked = aligner.Align(WithDot(image, five[i], radius), landmarks);
            var found = Centroid(plain, marked);
            var expected = imageToChip.Apply(five[i]);
            Assert.True(Distance(found, expected) < 1, $"point {i}: the dot is at {found}, the transform says {expected}");
            // A real, slightly turned face is not the template's mean face (this one's nose is ~9 px off), but a
            // swapped or mirrored point would be 30 px or more away.
            Assert.True(Distance(expected, template[i]) < (i < 2 ? 4 : 12), $"point {i}: {expected} is far from the template's {template[i]}");
        }
        // The least-squares similarity matches the centroid of the five points exactly.
        var mapped = five.Select(imageToChip.Apply).ToArray();
        Assert.Equal(template.Average(p => p.X), mapped.Average(p => p.X), 1e-6);
        Assert.Equal(template.Average(p => p.Y), mapped.Average(p => p.Y), 1e-6);
    }

    private static double Distance(PointD a, PointD b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    private static RgbImage WithDot(RgbImage image, PointD centre, double radius)
    {
        var px = (byte[])image.Pixels.Clone();
        for (var y = (int)(centre.Y - radius) - 1; y <= centre.Y + radius + 1; y++)
        {
            for (var x = (int)(centre.X - radius) - 1; x <= centre.X + radius + 1; x++)
            {
                if ((x - centre.X) * (x - centre.X) + (y - centre.Y) * (y - centre.Y) <= radius * radius)
                {
                    var o = (y * image.Width + x) * 3;
                    px[o] = px[o + 1] = px[o + 2] = 255;
                }
            }
        }
        return new RgbImage(image.Width, image.Height, px);
    }

    // Centroid of what the dot added to the chip.
    private static PointD Centroid(RgbImage before, RgbImage after)
    {
        double sum = 0, sx = 0, sy = 0;
        for (var y = 0; y < before.Height; y++)
        {
            for (var x = 0; x < before.Width; x++)
            {
                var o = (y * before.Width + x) * 3;
                double d = 0;
                for (var c = 0; c < 3; c++)
                {
                    d += after.Pixels[o + c] - before.Pixels[o + c];
                }
                if (d > 0)
                {
                    sum += d;
                    sx += d * x;
                    sy += d * y;
                }
            }
        }
        return new PointD(sx / sum, sy / sum);
    }
}
