namespace FacePortal.Web.Features.Galleries;

/// <summary>A curation request that cannot be carried out as asked; the message says why, for the operator to read.</summary>
public sealed class GalleryException(string message, bool nameTaken = false) : Exception(message)
{
    /// <summary>The name is already used (an API answers 409 rather than 400).</summary>
    public bool NameTaken { get; } = nameTaken;
}
