namespace FacePortal.Web.Platform.Data;

/// <summary>
/// Leaves out the faces of a gallery's unlabelled holding identity (<see cref="FaceIdentity.Unlabelled"/>): it is no
/// person, so pair sets, evaluations, 1:N search, the curation finders and identity counts must never see it as one.
/// </summary>
public static class NamedFilter
{
    /// <summary>Images filed under a real person.</summary>
    public static IQueryable<GalleryImage> Named(this IQueryable<GalleryImage> images) => images.Where(i => !i.Identity!.Unlabelled);

    /// <summary>Descriptors of faces filed under a real person.</summary>
    public static IQueryable<FaceDescriptor> Named(this IQueryable<FaceDescriptor> descriptors) => descriptors.Where(d => !d.Face!.Image!.Identity!.Unlabelled);

    /// <summary>Real people only.</summary>
    public static IQueryable<FaceIdentity> Named(this IQueryable<FaceIdentity> identities) => identities.Where(i => !i.Unlabelled);
}
