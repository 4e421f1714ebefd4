namespace FacePortal.Web.Platform.Data;

/// <summary>
/// An image file's bytes with their SHA-256, hashed once: de-duplication reads <see cref="Hash"/> and
/// <see cref="ImageStore.SaveAsync(ImageContent, CancellationToken)"/> files the bytes under it without hashing
/// again. The array is the caller's, not a copy: do not change it afterwards.
/// </summary>
public sealed class ImageContent
{
    private ImageContent(byte[] bytes, string hash)
    {
        Bytes = bytes;
        Hash = hash;
    }

    public byte[] Bytes { get; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Bytes"/>.</summary>
    public string Hash { get; }

    public static ImageContent Of(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new ImageContent(bytes, ImageStore.Hash(bytes));
    }
}
