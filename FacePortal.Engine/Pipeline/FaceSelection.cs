namespace FacePortal.Engine.Pipeline;

public enum FaceSelection
{
    /// <summary>Landmarks and a descriptor for every face found.</summary>
    All,

    /// <summary>Only for the primary face (the most central of the large ones), as an evaluation needs.</summary>
    Primary,
}
