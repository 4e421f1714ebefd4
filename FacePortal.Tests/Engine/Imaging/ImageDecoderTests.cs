using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using FacePortal.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tga;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Imaging;

public class ImageDecoderTests(ITestOutputHelper output)
{
    private static readonly ImageDecoder Decoder = new();

    private static ImageDecodeException Refused(byte[] data, ImageDecoder? decoder = null, string name = "upload.bin") =>
        Assert.Throws<ImageDecodeException>(() => (decoder ?? Decoder).Decode(data, name));

    [Fact]
    public void Decode_EmptyFile_ThrowsEmpty()
    {
        var ex = Refused([], name: "empty.jpg");
        Assert.Equal(ImageDecodeFailure.Empty, ex.Reason);
        Assert.Equal("empty.jpg", ex.FileName);
        Assert.Contains("empty.jpg", ex.Message);
    }

    [Fact]
    public void Decode_RandomBytes_ThrowsUnsupportedFormat()
    {
        var data = new byte[4096];
        new Random(1234).NextBytes(data);
        var ex = Refused(data, name: "noise.jpg");
        Assert.Equal(ImageDecodeFailure.UnsupportedFormat, ex.Reason);
        Assert.Contains("noise.jpg", ex.Message);
    }

    [Fact]
    public void Decode_TextAndSvg_ThrowUnsupportedFormat()
    {
        foreach (var text in new[] { "hello, this is not a picture\n", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>" })
        {
            var ex = Refused(Encoding.UTF8.GetBytes(text), name: "text.png");
            Assert.Equal(ImageDecodeFailure.UnsupportedFormat, ex.Reason);
        }
    }

    [Fact]
    public void Decode_PngSignatureThenGarbage_ThrowsCorrupt()
    {
        var data = new byte[2048];
        new Random(7).NextBytes(data);
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(data, 0);
        var ex = Refused(data);
        Assert.Equal(ImageDecodeFailure.Corrupt, ex.Reason);
        Assert.NotEmpty(ex.Detail);
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public void Decode_TruncatedFile_ThrowsCorrupt(string format)
    {
        using var image = TestImages.Pattern(96, 80);
        var full = TestImages.Encode(image, format == "png" ? new PngEncoder() : new JpegEncoder { Quality = 90 });
        var truncated = full[..(full.Length / 2)];
        var ex = Refused(truncated, name: $"cut.{format}");
        output.WriteLine(ex.Message);
        Assert.Equal(ImageDecodeFailure.Corrupt, ex.Reason);
        Assert.Contains($"cut.{format}", ex.Message);
    }

    [Fact]
    public void Decode_JpegWithBytesAfterEnd_StillDecodes()
    {
        // Cameras and editors append padding or data after the end-of-image marker: not truncation.
        using var image = TestImages.Pattern(40, 30);
        var jpeg = TestImages.Encode(image, new JpegEncoder { Quality = 90 });
        var padded = jpeg.Concat(new byte[300]).Concat("trailer"u8.ToArray()).ToArray();
        Assert.Equal(Decoder.Decode(jpeg, "a.jpg").Pixels, Decoder.Decode(padded, "b.jpg").Pixels);
    }

    [Fact]
    public void Decode_PngHeaderClaiming100000Squared_RefusedFastWithoutDecoding()
    {
        var data = TestImages.CraftedPng(100_000, 100_000, rowsToWrite: 1);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var ex = Refused(data, name: "huge.png");
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"{ex.Message} ({clock.ElapsedMilliseconds} ms, {allocated} managed bytes)");

        // TooManyPixels (not MemoryLimitExceeded or Corrupt) proves it was refused from the header.
        Assert.Equal(ImageDecodeFailure.TooManyPixels, ex.Reason);
        Assert.Contains("100000x100000", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Decode_DecompressionBombWithinFileLimit_ThrowsTooManyPixels()
    {
        // 8000 x 6000 = 48 MP of zeros: a few hundred KB on disk, 144 MB decoded.
        var data = TestImages.CraftedPng(8000, 6000, rowsToWrite: 6000);
        Assert.True(data.Length < Decoder.Options.MaxFileBytes, $"bomb is {data.Length} bytes");
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var ex = Refused(data, name: "bomb.png");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(ImageDecodeFailure.TooManyPixels, ex.Reason);
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Decode_ZeroWidthHeader_IsRefused()
    {
        var data = TestImages.CraftedPng(0, 10, rowsToWrite: 10);
        var ex = Refused(data);
        Assert.NotEqual(ImageDecodeFailure.Empty, ex.Reason);
    }

    [Fact]
    public void Decode_OverMaxFileBytes_ThrowsFileTooLarge()
    {
        using var image = TestImages.Pattern(40, 40);
        var png = TestImages.Encode(image, new PngEncoder());
        var small = new ImageDecoder(new ImageDecoderOptions { MaxFileBytes = png.Length - 1 });
        Assert.Equal(ImageDecodeFailure.FileTooLarge, Refused(png, small).Reason);
        // The same bytes through a stream that cannot tell its length.
        using var unknownLength = new GZipStream(new MemoryStream(Gzip(png)), CompressionMode.Decompress);
        Assert.Equal(ImageDecodeFailure.FileTooLarge, Assert.Throws<ImageDecodeException>(() => small.Decode(unknownLength, "s.png")).Reason);
        // One byte more and it is fine.
        var exact = new ImageDecoder(new ImageDecoderOptions { MaxFileBytes = png.Length });
        Assert.Equal(40, exact.Decode(png, "ok.png").Width);
    }

    [Fact]
    public void Decode_OverMaxPixels_ThrowsTooManyPixels()
    {
        using var image = TestImages.Pattern(101, 100);
        var png = TestImages.Encode(image, new PngEncoder());
        Assert.Equal(ImageDecodeFailure.TooManyPixels, Refused(png, new ImageDecoder(new ImageDecoderOptions { MaxPixels = 10_099 })).Reason);
        Assert.Equal(101, new ImageDecoder(new ImageDecoderOptions { MaxPixels = 10_100 }).Decode(png, "ok.png").Width);
    }

    [Fact]
    public void Decode_OverAllocationLimit_ThrowsMemoryLimitExceeded()
    {
        using var image = TestImages.Pattern(1500, 1000);
        var png = TestImages.Encode(image, new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed });
        var tight = new ImageDecoder(new ImageDecoderOptions { AllocationLimitMegabytes = 1 });
        var ex = Refused(png, tight, "big.png");
        output.WriteLine(ex.Message);
        Assert.Equal(ImageDecodeFailure.MemoryLimitExceeded, ex.Reason);
    }

    [Fact]
    public void Decode_Tiff_ThrowsUnsupportedFormatNamingTiff()
    {
        using var image = TestImages.Pattern(16, 16);
        var ex = Refused(TestImages.Encode(image, new TiffEncoder()), name: "scan.tif");
        Assert.Equal(ImageDecodeFailure.UnsupportedFormat, ex.Reason);
        Assert.Contains("TIFF", ex.Message);
    }

    [Fact]
    public void Decode_Tga_ThrowsUnsupportedFormat()
    {
        using var image = TestImages.Pattern(16, 16);
        Assert.Equal(ImageDecodeFailure.UnsupportedFormat, Refused(TestImages.Encode(image, new TgaEncoder())).Reason);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("bmp")]
    [InlineData("webp")]
    [InlineData("ppm")]
    public void Decode_LosslessFormats_RoundTripExactly(string format)
    {
        IImageEncoder encoder = format switch
        {
            "png" => new PngEncoder(),
            "bmp" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
            "webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
            _ => new PbmEncoder { ColorType = PbmColorType.Rgb, Encoding = PbmEncoding.Binary },
        };
        using var image = TestImages.Pattern(37, 23);
        var decoded = Decoder.Decode(TestImages.Encode(image, encoder), "x." + format);
        AssertEqualsPattern(decoded, 37, 23);
    }

    [Fact]
    public void Decode_Jpeg_RoundTripsClosely()
    {
        using var image = new Image<Rgb24>(32, 32, new Rgb24(200, 120, 40));
        var decoded = Decoder.Decode(TestImages.Encode(image, new JpegEncoder { Quality = 95 }), "x.jpg");
        Assert.Equal((32, 32), (decoded.Width, decoded.Height));
        for (var i = 0; i < decoded.Pixels.Length; i += 3)
        {
            Assert.InRange(decoded.Pixels[i], 195, 205);
            Assert.InRange(decoded.Pixels[i + 1], 115, 125);
            Assert.InRange(decoded.Pixels[i + 2], 35, 45);
        }
    }

    [Fact]
    public void Decode_GreyscalePng_GivesEqualChannels()
    {
        using var image = new Image<L8>(30, 20);
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 30; x++)
            {
                image[x, y] = new L8((byte)(x * 13 + y * 7));
            }
        }
        var png = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
        var decoded = Decoder.Decode(png, "grey.png");
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 30; x++)
            {
                var i = (y * 30 + x) * 3;
                var v = (byte)(x * 13 + y * 7);
                Assert.Equal([v, v, v], decoded.Pixels[i..(i + 3)]);
            }
        }
    }

    [Fact]
    public void Decode_SixteenBitPng_ScalesTo8Bit()
    {
        using var image = new Image<Rgb48>(16, 16);
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                // Low bytes differ from high bytes, so taking the wrong byte would show.
                var v = (ushort)((x * 16 + y) * 256 + 50);
                image[x, y] = new Rgb48(v, (ushort)(65535 - v), (ushort)(v / 2));
            }
        }
        var png = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit16 });
        var decoded = Decoder.Decode(png, "deep.png");
        for (var y = 0; y < 16; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                var i = (y * 16 + x) * 3;
                var v = (x * 16 + y) * 256 + 50;
                Assert.InRange(decoded.Pixels[i] - v / 257.0, -1, 1);
                Assert.InRange(decoded.Pixels[i + 1] - (65535 - v) / 257.0, -1, 1);
                Assert.InRange(decoded.Pixels[i + 2] - v / 2 / 257.0, -1, 1);
            }
        }
    }

    [Fact]
    public void Decode_PngWithAlpha_DropsAlphaWithoutCompositing()
    {
        using var image = new Image<Rgba32>(20, 20);
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 20; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 9 + 30), (byte)(y * 9 + 20), 77, (byte)((x + y) * 6));
            }
        }
        var png = TestImages.Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha, TransparentColorMode = PngTransparentColorMode.Preserve });
        var decoded = Decoder.Decode(png, "alpha.png");
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 20; x++)
            {
                var i = (y * 20 + x) * 3;
                // Pixel (0,0) has alpha 0 and still keeps its colour.
                Assert.Equal([(byte)(x * 9 + 30), (byte)(y * 9 + 20), (byte)77], decoded.Pixels[i..(i + 3)]);
            }
        }
    }

    [Fact]
    public void Decode_AnimatedPaletteGif_GivesFirstFrame()
    {
        using var image = new Image<Rgba32>(16, 12, new Rgba32(255, 0, 0));
        using (var second = new Image<Rgba32>(16, 12, new Rgba32(0, 255, 0)))
        {
            image.Frames.AddFrame(second.Frames.RootFrame);
        }
        var gif = TestImages.Encode(image, new GifEncoder());
        var decoded = Decoder.Decode(gif, "anim.gif");
        Assert.Equal((16, 12), (decoded.Width, decoded.Height));
        for (var i = 0; i < decoded.Pixels.Length; i += 3)
        {
            Assert.Equal([(byte)255, (byte)0, (byte)0], decoded.Pixels[i..(i + 3)]);
        }
    }

    [Fact]
    public void Decode_JpegWithExifOrientation6_IsRotatedUpright()
    {
        // Stored 48 wide x 24 high, a red block in the stored top-left 16x12, blue elsewhere.
        using var image = new Image<Rgb24>(48, 24, new Rgb24(0, 0, 255));
        for (var y = 0; y < 12; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                image[x, y] = new Rgb24(255, 0, 0);
            }
        }
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        var jpeg = TestImages.Encode(image, new JpegEncoder { Quality = 95 });

        var decoded = Decoder.Decode(jpeg, "phone.jpg");

        // Orientation 6 = rotate 90 degrees clockwise: stored (x, y) shows at (H-1-y, x) in a H x W image.
        Assert.Equal((24, 48), (decoded.Width, decoded.Height));
        AssertMostlyRed(decoded, 23 - 5, 8, expectRed: true);   // stored (8, 5): inside the block
        AssertMostlyRed(decoded, 23 - 18, 8, expectRed: false); // stored (8, 18): below the block
        AssertMostlyRed(decoded, 23 - 5, 40, expectRed: false); // stored (40, 5): right of the block
    }

    [Fact]
    public void Decode_ManyThreadsSharingOneDecoder_GiveIdenticalPixels()
    {
        using var image = TestImages.Pattern(120, 90);
        var jpeg = TestImages.Encode(image, new JpegEncoder { Quality = 80 });
        var reference = Decoder.Decode(jpeg, "a.jpg").Pixels;
        var results = new byte[16][];
        Parallel.For(0, results.Length, i => results[i] = Decoder.Decode(jpeg, "a.jpg").Pixels);
        Assert.All(results, r => Assert.Equal(reference, r));
    }

    [Fact]
    public async Task DecodeFile_SyncAndAsync_ReadTheFileAndRefuseBadOnes()
    {
        var dir = Directory.CreateTempSubdirectory("faceportal-decoder-");
        try
        {
            using var image = TestImages.Pattern(21, 17);
            var path = Path.Combine(dir.FullName, "p.png");
            await File.WriteAllBytesAsync(path, TestImages.Encode(image, new PngEncoder()));

            AssertEqualsPattern(Decoder.DecodeFile(path), 21, 17);
            AssertEqualsPattern(await Decoder.DecodeFileAsync(path, CancellationToken.None), 21, 17);

            var tooSmall = new ImageDecoder(new ImageDecoderOptions { MaxFileBytes = 10 });
            Assert.Equal(ImageDecodeFailure.FileTooLarge, Assert.Throws<ImageDecodeException>(() => tooSmall.DecodeFile(path)).Reason);
            var missing = Assert.Throws<ImageDecodeException>(() => Decoder.DecodeFile(Path.Combine(dir.FullName, "nope.jpg")));
            Assert.Equal(ImageDecodeFailure.Unreadable, missing.Reason);
            Assert.Equal("nope.jpg", missing.FileName);

            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Decoder.DecodeFileAsync(path, cancelled.Token));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [LfwImagesFact]
    public void DecodeFile_LfwJpeg_Is250Square()
    {
        var lfw = Path.Combine(RepoPaths.Shared, "datasets", "lfw", "images");
        var file = Directory.EnumerateFiles(lfw, "*.jpg", SearchOption.AllDirectories).First();
        var decoded = Decoder.DecodeFile(file);
        Assert.Equal((250, 250), (decoded.Width, decoded.Height));
        Assert.Contains(decoded.Pixels, b => b > 0);
    }

    private static void AssertEqualsPattern(RgbImage decoded, int width, int height)
    {
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = TestImages.PatternPixel(x, y);
                var i = (y * width + x) * 3;
                Assert.Equal([p.R, p.G, p.B], decoded.Pixels[i..(i + 3)]);
            }
        }
    }

    private static void AssertMostlyRed(RgbImage image, int x, int y, bool expectRed)
    {
        var i = (y * image.Width + x) * 3;
        var (r, b) = (image.Pixels[i], image.Pixels[i + 2]);
        Assert.True(expectRed ? r > 200 && b < 60 : b > 200 && r < 60, $"pixel ({x},{y}) = ({r}, {image.Pixels[i + 1]}, {b})");
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }
        return ms.ToArray();
    }
}
