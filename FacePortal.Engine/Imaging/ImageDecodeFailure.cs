namespace FacePortal.Engine.Imaging;

/// <summary>Why an image was refused.</summary>
public enum ImageDecodeFailure
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The encoded file is larger than <see cref="ImageDecoderOptions.MaxFileBytes"/>.</summary>
    FileTooLarge,

    /// <summary>The header declares more pixels than <see cref="ImageDecoderOptions.MaxPixels"/>.</summary>
    TooManyPixels,

    /// <summary>Not one of the accepted formats (JPEG, PNG, BMP, GIF, WebP, PBM/PGM/PPM), or not an image at all.</summary>
    UnsupportedFormat,

    /// <summary>An accepted format whose data is damaged, truncated or inconsistent (including a zero dimension).</summary>
    Corrupt,

    /// <summary>Decoding needed more memory than the allocation limit allows.</summary>
    MemoryLimitExceeded,

    /// <summary>The file does not exist or cannot be read.</summary>
    Unreadable,
}
