namespace FacePortal.Web.Features.Galleries;

/// <summary>An image's primary-face descriptor, with the identity it is filed under.</summary>
public sealed record DescriptorPoint(int ImageId, int IdentityId, float[] Descriptor);
