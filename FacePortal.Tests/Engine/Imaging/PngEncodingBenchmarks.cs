using System.Diagnostics;
using FacePortal.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Imaging;

/// <summary>
/// What writing a face chip costs (the import writes one PNG per face): <see cref="PngFile"/>'s encoder against
/// ImageSharp's default PNG settings (the reference) on 200 real 150x150 chips cut from LFW, median of 5 runs.
/// Run: dotnet test FacePortal.Tests/FacePortal.Tests.csproj -c Release --filter FullyQualifiedName~PngEncodingBenchmarks --logger "console;verbosity=detailed"
/// </summary>
[Trait("Category", "Benchmark")]
public class PngEncodingBenchmarks(ITestOutputHelper output)
{
    [LfwImagesFact]
    public void Chip_PngFileAgainstImageSharpDefaults_PrintsTiming()
    {
        var chips = Directory.EnumerateFiles(SharedData.LfwImages, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(200)
            .Select(path =>
            {
                using var image = Image.Load<Rgb24>(path);
                image.Mutate(x => x.Crop(new Rectangle(50, 50, 150, 150)));
                var pixels = new byte[150 * 150 * 3];
                image.CopyPixelDataTo(pixels);
                return new RgbImage(150, 150, pixels);
            }).ToList();
        var reference = new PngEncoder();
        byte[] Default(RgbImage chip)
        {
            using var png = Image.LoadPixelData<Rgb24>(chip.Pixels, chip.Width, chip.Height);
            using var stream = new MemoryStream();
            png.SaveAsPng(stream, reference);
            return stream.ToArray();
        }
        (double Ms, double Bytes) Time(Func<RgbImage, byte[]> encode)
        {
            var runs = new List<double>();
            long bytes = 0;
            for (var run = 0; run < 5; run++)
            {
                bytes = 0;
                var clock = Stopwatch.StartNew();
                foreach (var chip in chips)
                {
                    bytes += encode(chip).Length;
                }
                runs.Add(clock.Elapsed.TotalMilliseconds / chips.Count);
            }
            return (runs.Order().ElementAt(2), bytes / (double)chips.Count);
        }
        Time(PngFile.Encode);
        Time(Default); // warm-up

        var ours = Time(PngFile.Encode);
        var theirs = Time(Default);
        output.WriteLine($"PNG of a 150x150 chip, {chips.Count} LFW chips, median of 5: PngFile {ours.Ms:F2} ms ({ours.Bytes / 1024:F1} KiB); " +
            $"ImageSharp defaults (reference) {theirs.Ms:F2} ms ({theirs.Bytes / 1024:F1} KiB); ratio {theirs.Ms / ours.Ms:F2}x faster, {ours.Bytes / theirs.Bytes:F2}x the size");
        // Lossless whatever the settings: the pixels come back.
        using var back = Image.Load<Rgb24>(PngFile.Encode(chips[0]));
        var decoded = new byte[150 * 150 * 3];
        back.CopyPixelDataTo(decoded);
        Assert.Equal(chips[0].Pixels, decoded);
    }
}
