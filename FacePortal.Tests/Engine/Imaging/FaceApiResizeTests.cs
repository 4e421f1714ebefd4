using System.Text.Json;
using FacePortal.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Imaging;

public class FaceApiResizeTests(ITestOutputHelper output)
{
    private static string GoldenDir => Path.Combine(RepoPaths.Shared, "tools", "faceapi-ref", "golden");

    /// <summary>The face-api golden crops (decoded there with pngjs) give face-api's own 150x150 input.</summary>
    [FaceApiGoldenFact]
    public void CropPadResize_GoldenCrops_MatchFaceApiInput150()
    {
        var files = Directory.GetFiles(GoldenDir, "crop-*.json");
        Assert.NotEmpty(files);
        var decoder = new ImageDecoder();
        foreach (var file in files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var info = json.RootElement.GetProperty("image");
            var input = info.GetProperty("input150");
            var png = Path.Combine(GoldenDir, "..", info.GetProperty("source").GetString()!);

            var image = decoder.DecodeFile(png);
            Assert.Equal(info.GetProperty("width").GetInt32(), image.Width);
            Assert.Equal(info.GetProperty("height").GetInt32(), image.Height);

            var dst = new float[150 * 150 * 3];
            FaceApiResize.CropPadResize(image, image.Bounds, SquarePad.Centred, 150, dst);

            var sum = dst.Sum(v => (double)v);
            var expectedSum = input.GetProperty("sum").GetDouble();
            output.WriteLine($"{Path.GetFileName(file)}: sum {sum} vs {expectedSum} (diff {sum - expectedSum:E2})");
            Assert.True(Math.Abs(sum - expectedSum) <= Math.Max(1e-2, 1e-6 * Math.Abs(expectedSum)), $"{file}: sum {sum} vs {expectedSum}");
            Assert.Equal((float)input.GetProperty("min").GetDouble(), dst.Min());
            Assert.Equal((float)input.GetProperty("max").GetDouble(), dst.Max());
            var first8 = input.GetProperty("first8").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            Assert.Equal(first8, dst[..8]);
        }
    }

    [Theory]
    [InlineData(37, 23, SquarePad.Centred, 150)]
    [InlineData(37, 23, SquarePad.BottomRight, 150)]
    [InlineData(23, 41, SquarePad.Centred, 112)]
    [InlineData(23, 41, SquarePad.BottomRight, 112)]
    [InlineData(201, 157, SquarePad.Centred, 150)]
    [InlineData(157, 201, SquarePad.BottomRight, 416)]
    [InlineData(9, 9, SquarePad.Centred, 5)]
    public void CropPadResize_RandomImages_EqualsNaivePadThenResize(int width, int height, SquarePad pad, int size)
    {
        var random = new Random(width * 1000 + height);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        var image = new RgbImage(width, height, pixels);
        // A crop that does not start at the origin, to exercise the offsets too.
        var crop = new PixelRect(width / 5, height / 7, width - width / 5 - width / 9, height - height / 7 - height / 11);

        var fast = new float[size * size * 3];
        FaceApiResize.CropPadResize(image, crop, pad, size, fast);
        var naive = NaivePadResize(image, crop, pad, size);

        // Same float32 operations in the same order: bit-identical.
        Assert.Equal(naive, fast);
    }

    // Straight from the definition: build the padded square explicitly, then tf.image.resizeBilinear
    // (alignCorners=false, halfPixelCenters=false) as tfjs-backend-wasm's ResizeBilinear.cc computes it:
    // float32 ratio in/out, src = ratio * dst, floor and min(in-1, ceil) neighbours, float32 lerps.
    private static float[] NaivePadResize(RgbImage image, PixelRect crop, SquarePad pad, int size)
    {
        var side = Math.Max(crop.Width, crop.Height);
        var (offX, offY) = pad == SquarePad.Centred ? ((side - crop.Width) / 2, (side - crop.Height) / 2) : (0, 0);
        var square = new float[side, side, 3];
        for (var y = 0; y < crop.Height; y++)
        {
            for (var x = 0; x < crop.Width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    square[y + offY, x + offX, c] = image.Pixels[((crop.Y + y) * image.Width + crop.X + x) * 3 + c];
                }
            }
        }

        var result = new float[size * size * 3];
        var ratio = (float)side / size;
        for (var y = 0; y < size; y++)
        {
            var sy = ratio * y;
            var y0 = (int)MathF.Floor(sy);
            var y1 = (int)MathF.Min(side - 1, MathF.Ceiling(sy));
            var fy = sy - y0;
            for (var x = 0; x < size; x++)
            {
                var sx = ratio * x;
                var x0 = (int)MathF.Floor(sx);
                var x1 = (int)MathF.Min(side - 1, MathF.Ceiling(sx));
                var fx = sx - x0;
                for (var c = 0; c < 3; c++)
                {
                    var top = square[y0, x0, c] + (square[y0, x1, c] - square[y0, x0, c]) * fx;
                    var bottom = square[y1, x0, c] + (square[y1, x1, c] - square[y1, x0, c]) * fx;
                    result[(y * size + x) * 3 + c] = top + (bottom - top) * fy;
                }
            }
        }
        return result;
    }
}
