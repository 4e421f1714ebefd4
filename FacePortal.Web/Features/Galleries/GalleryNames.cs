namespace FacePortal.Web.Features.Galleries;

/// <summary>The rules for gallery and identity names.</summary>
public static class GalleryNames
{
    public const int MaxGalleryName = 200;
    public const int MaxIdentityName = 300;

    /// <summary>Cleans a name: trimmed, not empty, no control characters, not too long.</summary>
    public static string Clean(string? name, int maxLength, string what)
    {
        var clean = (name ?? "").Trim();
        if (clean.Length == 0)
        {
            throw new GalleryException($"The {what} needs a name.");
        }
        if (clean.Length > maxLength)
        {
            throw new GalleryException($"The {what} name is longer than {maxLength} characters.");
        }
        if (clean.Any(char.IsControl))
        {
            throw new GalleryException($"The {what} name contains control characters.");
        }
        return clean;
    }
}
