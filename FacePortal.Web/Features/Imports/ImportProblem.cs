namespace FacePortal.Web.Features.Imports;

/// <summary>Why an import could not be started (the API maps each to an HTTP status).</summary>
public enum ImportProblem
{
    /// <summary>404: no such gallery.</summary>
    GalleryNotFound,

    /// <summary>400: something missing or invalid in the request (no file, no identity, no such folder...).</summary>
    Invalid,

    /// <summary>413: the upload is larger than <see cref="ImportOptions.MaxUploadBytes"/>.</summary>
    TooLarge,
}
