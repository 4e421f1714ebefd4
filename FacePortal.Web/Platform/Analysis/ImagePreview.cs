namespace FacePortal.Web.Platform.Analysis;

/// <summary>A data URL for showing uploaded bytes in the page, the MIME type read from the file's magic number.</summary>
public static class ImagePreview
{
    public static string DataUrl(byte[] content) => $"data:{MimeType(content)};base64,{Convert.ToBase64String(content)}";

    public static string MimeType(ReadOnlySpan<byte> c) => c switch
    {
        [0xFF, 0xD8, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', ..] => "image/gif",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => "application/octet-stream",
    };
}
