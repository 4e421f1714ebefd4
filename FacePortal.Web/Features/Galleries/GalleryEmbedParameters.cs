using System.Text.Json;

namespace FacePortal.Web.Features.Galleries;

/// <summary>A gallery-embed job's parameters: which gallery, with which embedding model (by name).</summary>
public sealed record GalleryEmbedParameters(int GalleryId, string Model)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static GalleryEmbedParameters Parse(string json) =>
        JsonSerializer.Deserialize<GalleryEmbedParameters>(json, JsonSerializerOptions.Web) ?? throw new InvalidOperationException("gallery-embed job without parameters");
}
