using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FacePortal.Engine.Robustness;

/// <summary>Input transformations said to blunt adversarial noise; the evaluation measures them, with their cost on clean pairs.</summary>
public enum InputDefence
{
    /// <summary>Re-encoded as JPEG at quality 75.</summary>
    Jpeg75,
    /// <summary>Gaussian blur, sigma 0.8 px on the 150 px chip.</summary>
    Blur,
    /// <summary>Down to 112 px and back up (bilinear).</summary>
    Resize,
    /// <summary>Colour depth reduced to 5 bits a channel (feature squeezing).</summary>
    BitDepth5,
    /// <summary>The descriptor averaged with that of the mirrored chip.</summary>
    FlipAverage,
}

/// <summary>The pixel-level defences on an NHWC 0..255 chip (flip averaging acts on descriptors, see <see cref="RobustnessProbe"/>).</summary>
public static class InputDefences
{
    public const double BlurSigma = 0.8;
    public const int ResizeTo = 112;
    public const int JpegQuality = 75;
    public const int Bits = 5;

    public static float[] Apply(InputDefence defence, float[] chip, int size) => defence switch
    {
        InputDefence.Jpeg75 => Jpeg(chip, size),
        InputDefence.Blur => Blur(chip, size, BlurSigma),
        InputDefence.Resize => DownUp(chip, size),
        InputDefence.BitDepth5 => Squeeze(chip, Bits),
        InputDefence.FlipAverage => chip,
        _ => throw new ArgumentOutOfRangeException(nameof(defence), defence, null),
    };

    public static float[] Mirror(float[] chip, int size)
    {
        var result = new float[chip.Length];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var src = (y * size + x) * 3;
                var dst = (y * size + size - 1 - x) * 3;
                result[dst] = chip[src];
                result[dst + 1] = chip[src + 1];
                result[dst + 2] = chip[src + 2];
            }
        }
        return result;
    }

    private static float[] Squeeze(float[] chip, int bits)
    {
        var levels = (1 << bits) - 1;
        return [.. chip.Select(v => MathF.Round(Math.Clamp(v, 0, 255) / 255f * levels) / levels * 255f)];
    }

    private static float[] Jpeg(float[] chip, int size)
    {
        using var image = ToImage(chip, size);
        using var encoded = new MemoryStream();
        image.SaveAsJpeg(encoded, new JpegEncoder { Quality = JpegQuality });
        encoded.Position = 0;
        using var decoded = Image.Load<Rgb24>(encoded);
        return ToFloats(decoded, size);
    }

    private static float[] DownUp(float[] chip, int size)
    {
        using var image = ToImage(chip, size);
        image.Mutate(x => x.Resize(ResizeTo, ResizeTo, KnownResamplers.Triangle).Resize(size, size, KnownResamplers.Triangle));
        return ToFloats(image, size);
    }

    // Separable, in floats (no rounding); the edge pixel is repeated.
    private static float[] Blur(float[] chip, int size, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        var k = kernel.Select(v => (float)(v / sum)).ToArray();
        var rows = new float[chip.Length];
        var result = new float[chip.Length];
        for (var pass = 0; pass < 2; pass++)
        {
            var src = pass == 0 ? chip : rows;
            var dst = pass == 0 ? rows : result;
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var acc = 0f;
                        for (var i = -radius; i <= radius; i++)
                        {
                            var (sx, sy) = pass == 0 ? (Math.Clamp(x + i, 0, size - 1), y) : (x, Math.Clamp(y + i, 0, size - 1));
                            acc += k[i + radius] * src[(sy * size + sx) * 3 + c];
                        }
                        dst[(y * size + x) * 3 + c] = acc;
                    }
                }
            }
        }
        return result;
    }

    private static Image<Rgb24> ToImage(float[] chip, int size)
    {
        var bytes = new byte[size * size * 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(MathF.Round(chip[i]), 0, 255);
        }
        return Image.LoadPixelData<Rgb24>(bytes, size, size);
    }

    private static float[] ToFloats(Image<Rgb24> image, int size)
    {
        var bytes = new byte[size * size * 3];
        image.CopyPixelDataTo(bytes);
        return [.. bytes.Select(b => (float)b)];
    }
}
