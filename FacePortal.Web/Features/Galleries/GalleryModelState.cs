namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// A gallery's models, for the page and GET /api/galleries/{id}/models: the model Verify and Identify use by default
/// (<c>Model</c>: the gallery's, null meaning the engine's <c>DefaultModel</c>; <c>InUse</c> the one in effect), and
/// per loaded model how many of the gallery's faces have its descriptor.
/// </summary>
public sealed record GalleryModelState(int GalleryId, string? Model, string DefaultModel, string InUse, int Faces, IReadOnlyList<GalleryModelCount> Models);

/// <summary>One embedding model: its signature and how many faces (and primary faces) of the gallery have its descriptor.</summary>
public sealed record GalleryModelCount(string Name, string Signature, int Faces, int PrimaryFaces, int FacesWithoutDescriptor);
