namespace FacePortal.Web.Platform.Data;

/// <summary>A person in a gallery ("identity" in the UI; named so to keep clear of ASP.NET Core Identity).</summary>
public sealed class FaceIdentity
{
    public int Id { get; set; }

    public int GalleryId { get; set; }

    public Gallery? Gallery { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Free-text tags such as <c>female</c>, <c>age:60+</c>, <c>source:cctv</c>.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>
    /// The gallery's holding place for faces without a name (unlabelled imports), one per gallery: not a person, so
    /// pair sets, evaluations, 1:N search, the finders and identity counts leave it out.
    /// </summary>
    public bool Unlabelled { get; set; }

    public List<GalleryImage> Images { get; set; } = [];
}
