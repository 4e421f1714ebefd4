namespace FacePortal.Web.Features.Galleries;

/// <summary>PUT /api/galleries/{id}/model and POST /api/galleries/{id}/embed body: an embedding model's name (for PUT, null or empty: the engine's default).</summary>
public sealed record GalleryModelRequest(string? Model);
