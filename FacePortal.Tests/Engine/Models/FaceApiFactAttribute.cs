namespace FacePortal.Tests.Engine.Models;

/// <summary>A fact that is skipped, with the reason, when face-api's weights or the faceapi-ref goldens are absent.</summary>
public sealed class FaceApiFactAttribute : FactAttribute
{
    public FaceApiFactAttribute()
    {
        if (FaceApiRef.MissingReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
