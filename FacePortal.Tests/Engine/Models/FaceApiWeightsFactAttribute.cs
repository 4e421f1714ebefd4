using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Models;

/// <summary>
/// A fact that needs only face-api's package (weights and demo images, fetched by the engine's store on first use),
/// not the faceapi-ref goldens of ../shared; skipped, with the reason, when the package cannot be had.
/// </summary>
public sealed class FaceApiWeightsFactAttribute : FactAttribute
{
    public FaceApiWeightsFactAttribute()
    {
        try
        {
            if (!File.Exists(Path.Combine(FaceApiPackage.Directory, "model", "face_recognition_model-weights_manifest.json")))
            {
                Skip = $"face-api weights not found under {FaceApiPackage.Directory}.";
            }
        }
        catch (FacePortal.Engine.Models.ModelUnavailableException e)
        {
            Skip = e.Message;
        }
    }
}
