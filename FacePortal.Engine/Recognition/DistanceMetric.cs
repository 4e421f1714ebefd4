namespace FacePortal.Engine.Recognition;

public enum DistanceMetric
{
    /// <summary>Euclidean distance of the raw descriptors (face-api, dlib).</summary>
    Euclidean,

    /// <summary>1 - cosine similarity (ArcFace, SFace).</summary>
    Cosine,
}
