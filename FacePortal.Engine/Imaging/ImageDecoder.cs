using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FacePortal.Engine.Imaging;

/// <summary>
/// Decodes untrusted image files to <see cref="RgbImage"/>. Every input is treated as hostile:
/// the file size is checked before reading, the header is identified (no pixel decoding) and
/// its dimensions checked before decoding, only JPEG, PNG, BMP, GIF, WebP and PBM/PGM/PPM are
/// registered, and ImageSharp allocates through a capped allocator. Every failure surfaces as
/// <see cref="ImageDecodeException"/>.
/// <para>
/// Greyscale, palette, 16-bit and alpha images all become 8-bit RGB. Alpha is dropped, not
/// composited onto a background: face-api reads PNGs through pngjs and uses the RGB channels
/// as they are, so a transparent pixel keeps its stored colour here too. EXIF orientation is
/// applied (JPEG and WebP; PNG and GIF metadata is skipped unread); an animated GIF gives its
/// first frame.
/// </para>
/// Thread-safe: build one and share it.
/// </summary>
public sealed class ImageDecoder
{
    private const string Accepted = "JPEG, PNG, BMP, GIF, WebP, PBM/PGM/PPM";
    private const int CopyChunk = 81920;

    private readonly Configuration _configuration;

    public ImageDecoder()
        : this(new ImageDecoderOptions())
    {
    }

    public ImageDecoder(ImageDecoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFileBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.AllocationLimitMegabytes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.PoolMegabytes);
        Options = options;

        // Only the formats we accept: anything else is not even recognised, so never parsed.
        _configuration = new Configuration(
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new BmpConfigurationModule(),
            new GifConfigurationModule(),
            new WebpConfigurationModule(),
            new PbmConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = options.AllocationLimitMegabytes,
                MaximumPoolSizeMegabytes = options.PoolMegabytes,
            }),
        };
        // Don't spend memory on the frames of an animation we would throw away, nor inflate the
        // compressed text/ICC chunks of PNG and GIF comments we never read. JPEG keeps its
        // metadata: EXIF orientation lives there (a PNG eXIf orientation is therefore ignored).
        _configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, IgnoreMetadata = true });
        _configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
    }

    public ImageDecoderOptions Options { get; }

    public RgbImage Decode(byte[] data, string fileName)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Decode(data.AsSpan(), fileName);
    }

    public RgbImage Decode(ReadOnlySpan<byte> data, string fileName) => OverBytes(data, fileName, DecodeSeekable);

    /// <summary>
    /// The format and dimensions the header declares, checked against the same limits as <see cref="Decode(ReadOnlySpan{byte}, string)"/>
    /// (an <see cref="ImageDecodeException"/> otherwise): what callers need to budget memory before decoding.
    /// </summary>
    public ImageHeader Identify(ReadOnlySpan<byte> data, string fileName) => OverBytes(data, fileName, (stream, bytes, name) =>
    {
        try
        {
            return ReadHeader(stream, bytes, name);
        }
        catch (Exception ex) when (ex is not ImageDecodeException and not OperationCanceledException)
        {
            throw Failure(ex, name);
        }
    });

    private delegate T BytesReader<T>(Stream stream, ReadOnlySpan<byte> data, string fileName);

    // The checks every in-memory image passes first, then a read-only stream over the caller's bytes: no copy.
    private unsafe T OverBytes<T>(ReadOnlySpan<byte> data, string fileName, BytesReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.Empty, "0 bytes.");
        }
        CheckFileSize(data.Length, fileName);
        fixed (byte* start = data)
        {
            using var stream = new UnmanagedMemoryStream(start, data.Length);
            return read(stream, data, fileName);
        }
    }

    /// <summary>Reads the stream from its current position to the end (at most MaxFileBytes) and decodes it.</summary>
    public RgbImage Decode(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (buffer, length) = ReadBounded(stream, fileName);
        return Decode(buffer.AsSpan(0, length), fileName);
    }

    public RgbImage DecodeFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        using var stream = OpenFile(path, name, useAsync: false);
        CheckFileSize(stream.Length, name);
        var (buffer, length) = ReadBounded(stream, name);
        return Decode(buffer.AsSpan(0, length), name);
    }

    /// <summary>Reads the file asynchronously, then decodes it on the calling thread (decoding is CPU work).</summary>
    public async Task<RgbImage> DecodeFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        byte[] buffer;
        int length;
        await using (var stream = OpenFile(path, name, useAsync: true))
        {
            CheckFileSize(stream.Length, name);
            (buffer, length) = await ReadBoundedAsync(stream, name, cancellationToken).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Decode(buffer.AsSpan(0, length), name);
    }

    private RgbImage DecodeSeekable(Stream stream, ReadOnlySpan<byte> data, string fileName)
    {
        try
        {
            var header = ReadHeader(stream, data, fileName);

            stream.Position = 0;
            using var image = Image.Load<Rgb24>(_configuration, stream);
            // Defensive: the decoder's own dimensions, in case they differ from the header's.
            CheckPixels(image.Width, image.Height, header.Format, fileName);
            while (image.Frames.Count > 1)
            {
                image.Frames.RemoveFrame(image.Frames.Count - 1);
            }
            image.Mutate(x => x.AutoOrient());

            var pixels = new byte[checked(image.Width * image.Height * 3)];
            image.CopyPixelDataTo(pixels);
            return new RgbImage(image.Width, image.Height, pixels);
        }
        catch (Exception ex) when (ex is not ImageDecodeException and not OperationCanceledException)
        {
            throw Failure(ex, fileName);
        }
    }

    // Whatever a parser of hostile bytes throws, as the reason a caller can act on.
    private static ImageDecodeException Failure(Exception ex, string fileName) => ex switch
    {
        // A format we do not know, or a known one using a feature the decoder lacks.
        UnknownImageFormatException or NotSupportedException => new ImageDecodeException(fileName, ImageDecodeFailure.UnsupportedFormat, ex.Message, ex),
        InvalidMemoryOperationException or OutOfMemoryException => new ImageDecodeException(fileName, ImageDecodeFailure.MemoryLimitExceeded, ex.Message, ex),
        // ImageSharp wraps an allocator refusal in InvalidImageContentException.
        _ when IsMemoryLimit(ex) => new ImageDecodeException(fileName, ImageDecodeFailure.MemoryLimitExceeded, ex.Message, ex),
        // InvalidImageContentException, ImageFormatException, ImageProcessingException, IndexOutOfRange, EndOfStream,
        // InvalidData...: all of it is a property of the data.
        _ => new ImageDecodeException(fileName, ImageDecodeFailure.Corrupt, $"{ex.GetType().Name}: {ex.Message}", ex),
    };

    // Header only: format and dimensions without decoding a single pixel.
    private ImageHeader ReadHeader(Stream stream, ReadOnlySpan<byte> data, string fileName)
    {
        var info = Image.Identify(_configuration, stream, out var format);
        if (info is null || format is null)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.UnsupportedFormat, DescribeUnknown(data));
        }
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.Corrupt, $"The {format.Name} header declares {info.Width}x{info.Height} pixels.");
        }
        CheckPixels(info.Width, info.Height, format.Name, fileName);
        if (format is JpegFormat && !JpegHasEndAfterLastScan(data))
        {
            // ImageSharp fills a cut-off JPEG with grey and reports nothing; a half image is no face.
            throw new ImageDecodeException(fileName, ImageDecodeFailure.Corrupt, "The JPEG is truncated: no end-of-image marker after its last scan.");
        }
        return new ImageHeader(format.Name, info.Width, info.Height);
    }

    private static bool IsMemoryLimit(Exception ex)
    {
        for (var e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is InvalidMemoryOperationException or OutOfMemoryException)
            {
                return true;
            }
        }
        return false;
    }

    // Entropy-coded data never holds FF DA or FF D9 (0xFF is stuffed), so a complete JPEG has an
    // end-of-image marker after the start of its last scan; a truncated one does not. Markers
    // inside an EXIF thumbnail all come before the main image's scans.
    private static bool JpegHasEndAfterLastScan(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> startOfScan = [0xFF, 0xDA];
        ReadOnlySpan<byte> endOfImage = [0xFF, 0xD9];
        var lastScan = data.LastIndexOf(startOfScan);
        return lastScan >= 0 && data[lastScan..].IndexOf(endOfImage) >= 0;
    }

    private void CheckFileSize(long length, string fileName)
    {
        if (length > Options.MaxFileBytes)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.FileTooLarge, $"{length} bytes; the limit is {Options.MaxFileBytes}.");
        }
    }

    private void CheckPixels(int width, int height, string formatName, string fileName)
    {
        if ((long)width * height > Options.MaxPixels)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.TooManyPixels,
                $"The {formatName} image is {width}x{height} = {(long)width * height} pixels; the limit is {Options.MaxPixels}.");
        }
    }

    // Names the format when it is one we recognise but refuse (TIFF, TGA...): detection reads magic bytes only.
    private static string DescribeUnknown(ReadOnlySpan<byte> data)
    {
        IImageFormat? other = null;
        try
        {
            other = Image.DetectFormat(Configuration.Default, data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only used for the message.
        }
        return other is null
            ? $"Not a recognised image. Accepted formats: {Accepted}."
            : $"{other.Name} images are not accepted. Accepted formats: {Accepted}.";
    }

    private static FileStream OpenFile(string path, string name, bool useAsync)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ImageDecodeException(name, ImageDecodeFailure.Unreadable, ex.Message, ex);
        }
    }

    // Reads to the end, refusing as soon as more than MaxFileBytes arrive (a stream may lie about or lack a length).
    private (byte[] Buffer, int Length) ReadBounded(Stream stream, string fileName)
    {
        using var copy = StartCopy(stream, fileName);
        var chunk = new byte[CopyChunk];
        int read;
        try
        {
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                Append(copy, chunk, read, fileName);
            }
        }
        catch (IOException ex)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.Unreadable, ex.Message, ex);
        }
        return (copy.GetBuffer(), (int)copy.Length);
    }

    private async Task<(byte[] Buffer, int Length)> ReadBoundedAsync(Stream stream, string fileName, CancellationToken cancellationToken)
    {
        using var copy = StartCopy(stream, fileName);
        var chunk = new byte[CopyChunk];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                Append(copy, chunk, read, fileName);
            }
        }
        catch (IOException ex)
        {
            throw new ImageDecodeException(fileName, ImageDecodeFailure.Unreadable, ex.Message, ex);
        }
        return (copy.GetBuffer(), (int)copy.Length);
    }

    private MemoryStream StartCopy(Stream stream, string fileName)
    {
        var expected = 0L;
        if (stream.CanSeek)
        {
            expected = Math.Max(0, stream.Length - stream.Position);
            CheckFileSize(expected, fileName);
        }
        return new MemoryStream((int)Math.Min(expected + 1, Options.MaxFileBytes + 1));
    }

    private void Append(MemoryStream copy, byte[] chunk, int count, string fileName)
    {
        CheckFileSize(copy.Length + count, fileName);
        copy.Write(chunk, 0, count);
    }
}
