namespace FacePortal.Web.Features.Galleries;

/// <summary>The content type of a stored image from its first bytes (the store keeps no extension).</summary>
public static class ImageContentType
{
    public static string Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'P', >= (byte)'1' and <= (byte)'6', ..] => "image/x-portable-anymap",
        _ => "application/octet-stream",
    };
}
