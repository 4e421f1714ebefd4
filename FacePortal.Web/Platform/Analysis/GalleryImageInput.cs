namespace FacePortal.Web.Platform.Analysis;

/// <summary>A stored gallery image as an analysis input, with the gallery it belongs to (whose model and index a page then uses).</summary>
public sealed record GalleryImageInput(ImageInput Input, int GalleryId);
