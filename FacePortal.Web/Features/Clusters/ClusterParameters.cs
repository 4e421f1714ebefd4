using System.Text.Json;

namespace FacePortal.Web.Features.Clusters;

/// <summary>A clustering job's parameters: the gallery, the model (name; null: the gallery's) and the distance threshold (null: the model's default).</summary>
public sealed record ClusterParameters(int GalleryId, string? Model, double? Threshold)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static ClusterParameters Parse(string json) =>
        JsonSerializer.Deserialize<ClusterParameters>(json, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("cluster job without parameters");
}
