namespace FacePortal.Engine.Imaging;

/// <summary>The single exception type <see cref="ImageDecoder"/> throws for a refused image.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string fileName, ImageDecodeFailure reason, string detail, Exception? inner = null)
        : base($"Cannot decode image '{fileName}': {Describe(reason)}. {detail}".TrimEnd(), inner)
    {
        FileName = fileName;
        Reason = reason;
        Detail = detail;
    }

    public string FileName { get; }
    public ImageDecodeFailure Reason { get; }

    /// <summary>The specific cause, e.g. the decoder's own message for corrupt data.</summary>
    public string Detail { get; }

    private static string Describe(ImageDecodeFailure reason) => reason switch
    {
        ImageDecodeFailure.Empty => "the file is empty",
        ImageDecodeFailure.FileTooLarge => "the file is too large",
        ImageDecodeFailure.TooManyPixels => "the image has too many pixels",
        ImageDecodeFailure.UnsupportedFormat => "unsupported format",
        ImageDecodeFailure.Corrupt => "the image data is corrupt",
        ImageDecodeFailure.MemoryLimitExceeded => "decoding needs more memory than allowed",
        ImageDecodeFailure.Unreadable => "the file cannot be read",
        _ => reason.ToString(),
    };
}
