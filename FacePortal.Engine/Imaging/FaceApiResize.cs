namespace FacePortal.Engine.Imaging;

/// <summary>
/// face-api's input preparation: slice a crop, zero-pad it to a square, then
/// tf.image.resizeBilinear (alignCorners=false, halfPixelCenters=false: source = dst * in/out).
/// Works in float32 step by step like the tfjs wasm kernel (ResizeBilinear.cc: float ratio, float
/// source coordinate, float fractions and lerps) and TensorFlow's, so it reproduces the golden
/// face-api inputs bit for bit; the pure-JS CPU backend, in float64, differs by ~1e-5.
/// </summary>
public static class FaceApiResize
{
    /// <summary>Writes size x size x 3 floats (NHWC, RGB, 0..255) for one item into <paramref name="destination"/>.</summary>
    public static void CropPadResize(RgbImage image, PixelRect crop, SquarePad pad, int size, Span<float> destination)
    {
        if (crop.Width <= 0 || crop.Height <= 0 || crop.X < 0 || crop.Y < 0
            || crop.X + crop.Width > image.Width || crop.Y + crop.Height > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(crop), $"Crop {crop} lies outside the {image.Width}x{image.Height} image.");
        }
        if (destination.Length < size * size * 3)
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        var side = Math.Max(crop.Width, crop.Height);
        int padLeft = 0, padTop = 0;
        if (pad == SquarePad.Centred)
        {
            padLeft = (side - crop.Width) / 2;
            padTop = (side - crop.Height) / 2;
        }

        var ratio = side / (float)size;
        var px = image.Pixels;
        var stride = image.Width * 3;

        // Precompute the two source columns and the weight for every output column.
        Span<int> col0 = size <= 1024 ? stackalloc int[size] : new int[size];
        Span<int> col1 = size <= 1024 ? stackalloc int[size] : new int[size];
        Span<float> colFrac = size <= 1024 ? stackalloc float[size] : new float[size];
        for (var x = 0; x < size; x++)
        {
            var src = ratio * x;
            var f = (int)MathF.Floor(src);
            col0[x] = f;
            col1[x] = Math.Min(side - 1, (int)MathF.Ceiling(src));
            colFrac[x] = src - f;
        }

        for (var y = 0; y < size; y++)
        {
            var srcY = ratio * y;
            var r0 = (int)MathF.Floor(srcY);
            var r1 = Math.Min(side - 1, (int)MathF.Ceiling(srcY));
            var rowFrac = srcY - r0;
            var rowOut = destination.Slice(y * size * 3, size * 3);
            for (var x = 0; x < size; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var tl = Sample(px, stride, crop, padLeft, padTop, r0, col0[x], c);
                    var tr = Sample(px, stride, crop, padLeft, padTop, r0, col1[x], c);
                    var bl = Sample(px, stride, crop, padLeft, padTop, r1, col0[x], c);
                    var br = Sample(px, stride, crop, padLeft, padTop, r1, col1[x], c);
                    var top = tl + (tr - tl) * colFrac[x];
                    var bottom = bl + (br - bl) * colFrac[x];
                    rowOut[x * 3 + c] = top + (bottom - top) * rowFrac;
                }
            }
        }
    }

    // A pixel of the padded square: zero outside the crop.
    private static float Sample(byte[] px, int stride, PixelRect crop, int padLeft, int padTop, int row, int col, int c)
    {
        var y = row - padTop;
        var x = col - padLeft;
        if ((uint)y >= (uint)crop.Height || (uint)x >= (uint)crop.Width)
        {
            return 0;
        }
        return px[(crop.Y + y) * stride + (crop.X + x) * 3 + c];
    }
}
