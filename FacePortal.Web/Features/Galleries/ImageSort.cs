namespace FacePortal.Web.Features.Galleries;

/// <summary>What the identity page sorts images by (measures of the primary face).</summary>
public enum ImageSort
{
    Name,
    Score,
    Size,
    Sharpness,

    /// <summary>By how far the head is turned (absolute yaw).</summary>
    Yaw,
    Outcome,
}
