namespace FacePortal.Web.Platform.Analysis;

/// <summary>The image decoded but holds no face that can be compared (none found, or the one asked for has no descriptor).</summary>
public sealed class NoFaceException(string imageName, string message) : Exception(message)
{
    public string ImageName { get; } = imageName;
}
