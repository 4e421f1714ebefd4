namespace FacePortal.Engine.Search;

/// <summary>How an identity is scored against a probe.</summary>
public enum IdentityScoring
{
    /// <summary>The distance to the identity's nearest image.</summary>
    BestImage,

    /// <summary>The distance to the mean of the identity's descriptors.</summary>
    Centroid,
}
