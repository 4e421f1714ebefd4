namespace FacePortal.Web.Api;

/// <summary>POST /api/galleries body.</summary>
public sealed record CreateGalleryRequest(string? Name);
