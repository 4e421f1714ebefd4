namespace FacePortal.Web.Features.Galleries;

/// <summary>An identity with every image and face, for the identity page.</summary>
public sealed record IdentityDetail(int Id, int GalleryId, string GalleryName, string Name, IReadOnlyList<string> Tags, IReadOnlyList<ImageView> Images);
