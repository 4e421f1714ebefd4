namespace FacePortal.Engine.Pipeline;

/// <summary>How a face is cut out for the recognition network.</summary>
public enum AlignmentMethod
{
    /// <summary>dlib's face chip: a similarity transform fitted to the 68 landmarks (rotation corrected, padding 0.25).</summary>
    DlibChip,

    /// <summary>face-api's axis-aligned box from the landmarks, padded to a square (reproduces face-api exactly).</summary>
    FaceApi,
}
