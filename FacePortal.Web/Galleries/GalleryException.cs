namespace FacePortal.Web.Galleries;

/// <summary>A curation request that cannot be carried out as asked; the message says why, for the operator to read.</summary>
public sealed class GalleryException(string message) : Exception(message);
