using System.Text.Json;
using System.Text.Json.Serialization;

namespace FacePortal.Web.Features.Imports;

/// <summary>A job item's <c>Extra</c> JSON: where to find it, its tags, and (once done) what became of it.</summary>
public sealed record ItemExtra
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Index of the entry in the zip (names may repeat).</summary>
    public int? Entry { get; init; }

    /// <summary>Stored file name of a browser upload.</summary>
    public string? Stored { get; init; }

    /// <summary>Tags for the image (extra CSV manifest columns).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>An <see cref="Platform.Data.ImageOutcome"/> name, or "Error" when the file was not imported.</summary>
    public string? Outcome { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ItemExtra Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new ItemExtra() : JsonSerializer.Deserialize<ItemExtra>(json, Json) ?? new ItemExtra();
}
