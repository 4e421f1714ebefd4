using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Alignment;

/// <summary>Samples a chip (width x height) through an affine map with dlib's bilinear rules, after an optional 2x box pyramid.</summary>
internal static class ChipSampler
{
    public static RgbImage Extract(RgbImage image, Affine2D chipToImage, int size, int wantedLevels, out int levels) =>
        Extract(image, chipToImage, size, size, wantedLevels, out levels);

    public static RgbImage Extract(RgbImage image, Affine2D chipToImage, int width, int height, int wantedLevels, out int levels)
    {
        var source = image;
        var map = chipToImage;
        levels = 0;
        if (wantedLevels > 0)
        {
            // Shrink only the chip's footprint (plus a margin), as dlib does.
            var margin = (2 << wantedLevels) + 2;
            var region = Footprint(chipToImage, width, height, margin, image);
            if (region.Width >> wantedLevels >= 2 && region.Height >> wantedLevels >= 2)
            {
                source = Crop(image, region);
                map = map.Then(new Affine2D(1, 0, 0, 1, -region.X, -region.Y));
                for (var i = 0; i < wantedLevels; i++)
                {
                    source = HalveBox(source);
                    // Pixel u of the halved image is centred on 2u + 0.5 of the one before.
                    map = map.Then(new Affine2D(0.5, 0, 0, 0.5, -0.25, -0.25));
                    levels++;
                }
            }
        }
        return Sample(source, map, width, height);
    }

    // dlib's interpolate_bilinear + transform_image with black_background.
    internal static RgbImage Sample(RgbImage source, Affine2D map, int width, int height)
    {
        var output = new byte[width * height * 3];
        var px = source.Pixels;
        var sourceWidth = source.Width;
        var sourceHeight = source.Height;
        var stride = sourceWidth * 3;
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var x = map.A * c + map.B * r + map.Tx;
                var y = map.C * c + map.D * r + map.Ty;
                var fl = Math.Floor(x);
                var ft = Math.Floor(y);
                // Also rejects NaN and coordinates too large for an int.
                if (!(fl >= 0 && ft >= 0 && fl + 1 < sourceWidth && ft + 1 < sourceHeight))
                {
                    continue;
                }
                var left = (int)fl;
                var top = (int)ft;
                var lr = x - left;
                var tb = y - top;
                var i00 = top * stride + left * 3;
                var i10 = i00 + stride;
                var o = (r * width + c) * 3;
                for (var ch = 0; ch < 3; ch++)
                {
                    double tl = px[i00 + ch], tr = px[i00 + 3 + ch], bl = px[i10 + ch], br = px[i10 + 3 + ch];
                    var v = (1 - tb) * ((1 - lr) * tl + lr * tr) + tb * ((1 - lr) * bl + lr * br);
                    output[o + ch] = ToByte(v);
                }
            }
        }
        return new RgbImage(width, height, output);
    }

    /// <summary>dlib's choice: keep halving while the halved footprint still has more pixels than the chip.</summary>
    public static int PyramidLevels(double imagePixelsPerChipPixel)
    {
        var levels = 0;
        while (imagePixelsPerChipPixel / (1 << (levels + 1)) > 1 && levels < 16)
        {
            levels++;
        }
        return levels;
    }

    // dlib's assign_pixel from double: clamp, then truncate.
    private static byte ToByte(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;

    private static PixelRect Footprint(Affine2D map, int width, int height, int margin, RgbImage image)
    {
        var (right, bottom) = (width - 1, height - 1);
        Span<PointD> corners = [map.Apply(0, 0), map.Apply(right, 0), map.Apply(0, bottom), map.Apply(right, bottom)];
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (var p in corners)
        {
            minX = Math.Min(minX, p.X);
            minY = Math.Min(minY, p.Y);
            maxX = Math.Max(maxX, p.X);
            maxY = Math.Max(maxY, p.Y);
        }
        var x0 = (int)Math.Clamp(Math.Floor(minX) - margin, 0, image.Width);
        var y0 = (int)Math.Clamp(Math.Floor(minY) - margin, 0, image.Height);
        var x1 = (int)Math.Clamp(Math.Ceiling(maxX) + margin + 1, 0, image.Width);
        var y1 = (int)Math.Clamp(Math.Ceiling(maxY) + margin + 1, 0, image.Height);
        return new PixelRect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0));
    }

    internal static RgbImage Crop(RgbImage image, PixelRect region)
    {
        var output = new byte[region.Width * region.Height * 3];
        var rowBytes = region.Width * 3;
        for (var y = 0; y < region.Height; y++)
        {
            Array.Copy(image.Pixels, ((region.Y + y) * image.Width + region.X) * 3, output, y * rowBytes, rowBytes);
        }
        return new RgbImage(region.Width, region.Height, output);
    }

    // Each output pixel is the rounded mean of a 2x2 block; an odd last row or column is dropped.
    internal static RgbImage HalveBox(RgbImage image)
    {
        var w = image.Width / 2;
        var h = image.Height / 2;
        var src = image.Pixels;
        var stride = image.Width * 3;
        var output = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            var row0 = 2 * y * stride;
            var row1 = row0 + stride;
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var i = 6 * x + c;
                    output[(y * w + x) * 3 + c] = (byte)((src[row0 + i] + src[row0 + i + 3] + src[row1 + i] + src[row1 + i + 3] + 2) >> 2);
                }
            }
        }
        return new RgbImage(w, h, output);
    }
}
