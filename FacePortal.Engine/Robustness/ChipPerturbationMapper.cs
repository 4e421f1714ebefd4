using FacePortal.Engine.Alignment;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// The whole-image setting: a perturbation found on the aligned chip is carried back to the photo through the
/// inverse of the alignment (each image pixel takes the bilinear sample of the chip perturbation at its chip
/// coordinates), rounded to whole pixel levels and clamped to the budget in image space. The attacker edits the
/// photo; our detector, landmarks and alignment then run on it as on any other upload.
/// </summary>
public static class ChipPerturbationMapper
{
    /// <summary>The perturbed image and the largest change of any pixel value, in levels.</summary>
    public static (RgbImage Image, int MaxDelta) Apply(RgbImage image, Affine2D chipToImage, float[] chipDelta, int chipSize, double budgetLevels)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(chipDelta);
        if (chipDelta.Length != chipSize * chipSize * 3)
        {
            throw new ArgumentException($"A {chipSize}x{chipSize} chip perturbation has {chipSize * chipSize * 3} values; got {chipDelta.Length}.", nameof(chipDelta));
        }
        // Image pixels hold whole levels: a budget below one level leaves the photo as it is.
        var limit = (int)Math.Floor(Math.Clamp(budgetLevels, 0, 255));
        var pixels = (byte[])image.Pixels.Clone();
        if (limit == 0)
        {
            return (new RgbImage(image.Width, image.Height, pixels), 0);
        }
        var toChip = chipToImage.Inverse();
        var (x0, y0, x1, y1) = Footprint(chipToImage, chipSize, image);
        var last = chipSize - 1;
        var max = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var p = toChip.Apply(x, y);
                if (!(p.X >= 0 && p.Y >= 0 && p.X <= last && p.Y <= last))
                {
                    continue;
                }
                var c0 = Math.Min((int)p.X, last - 1);
                var r0 = Math.Min((int)p.Y, last - 1);
                var fx = p.X - c0;
                var fy = p.Y - r0;
                var o = (y * image.Width + x) * 3;
                for (var ch = 0; ch < 3; ch++)
                {
                    double At(int r, int c) => chipDelta[(r * chipSize + c) * 3 + ch];
                    var d = (1 - fy) * ((1 - fx) * At(r0, c0) + fx * At(r0, c0 + 1)) + fy * ((1 - fx) * At(r0 + 1, c0) + fx * At(r0 + 1, c0 + 1));
                    var step = Math.Clamp((int)Math.Round(d), -limit, limit);
                    if (step == 0)
                    {
                        continue;
                    }
                    var v = Math.Clamp(pixels[o + ch] + step, 0, 255);
                    max = Math.Max(max, Math.Abs(v - pixels[o + ch]));
                    pixels[o + ch] = (byte)v;
                }
            }
        }
        return (new RgbImage(image.Width, image.Height, pixels), max);
    }

    // The image pixels the chip covers (its four corners' bounding box, clipped to the image).
    private static (int X0, int Y0, int X1, int Y1) Footprint(Affine2D map, int size, RgbImage image)
    {
        var last = size - 1;
        PointD[] corners = [map.Apply(0, 0), map.Apply(last, 0), map.Apply(0, last), map.Apply(last, last)];
        var x0 = (int)Math.Clamp(Math.Floor(corners.Min(c => c.X)), 0, image.Width);
        var y0 = (int)Math.Clamp(Math.Floor(corners.Min(c => c.Y)), 0, image.Height);
        var x1 = (int)Math.Clamp(Math.Ceiling(corners.Max(c => c.X)) + 1, 0, image.Width);
        var y1 = (int)Math.Clamp(Math.Ceiling(corners.Max(c => c.Y)) + 1, 0, image.Height);
        return (x0, y0, x1, y1);
    }
}
