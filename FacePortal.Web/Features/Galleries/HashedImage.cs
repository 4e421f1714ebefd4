namespace FacePortal.Web.Features.Galleries;

/// <summary>An image's content hash, with the identity it is filed under.</summary>
public sealed record HashedImage(int ImageId, int IdentityId, string ContentHash);
