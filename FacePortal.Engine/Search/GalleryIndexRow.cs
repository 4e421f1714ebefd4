namespace FacePortal.Engine.Search;

/// <summary>One descriptor of a gallery: the primary face of a non-excluded image.</summary>
public sealed record GalleryIndexRow(int FaceId, int ImageId, int IdentityId, string Identity, string ContentHash, float[] Descriptor);
