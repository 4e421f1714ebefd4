namespace FacePortal.Web.Features.Galleries;

/// <summary>POST /api/galleries body.</summary>
public sealed record CreateGalleryRequest(string? Name);
