using System.Text.Json;

namespace FacePortal.Web.Features.Galleries;

/// <summary>A gallery-analysis job's parameters: which gallery, and the model (pipeline signature) whose descriptors it analyses.</summary>
public sealed record GalleryAnalysisParameters(int GalleryId, string Model)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static GalleryAnalysisParameters Parse(string json) =>
        JsonSerializer.Deserialize<GalleryAnalysisParameters>(json, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("gallery-analysis job without parameters");
}
