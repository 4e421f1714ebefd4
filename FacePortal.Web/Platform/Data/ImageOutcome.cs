namespace FacePortal.Web.Platform.Data;

/// <summary>What the import found in an image.</summary>
public enum ImageOutcome
{
    /// <summary>Exactly one face.</summary>
    Face,

    /// <summary>Several faces; the most central large one is used (the operator can pick another).</summary>
    SeveralFaces,

    NoFace,

    /// <summary>The face is smaller than the pipeline's minimum.</summary>
    FaceTooSmall,

    /// <summary>The same bytes are already in this gallery; this copy was not added.</summary>
    Duplicate,

    /// <summary>The decoder refused it; <see cref="GalleryImage.Error"/> has its reason.</summary>
    Unreadable,
}
