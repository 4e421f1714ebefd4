using System.Globalization;
using System.Text.Json;
using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.PairSets;

/// <summary>A pair set's stored parameters (the request it was generated from, or the file it was imported from) as labelled fields.</summary>
public static class PairSetParameters
{
    private static readonly (string Key, string Label)[] Known =
    [
        ("seed", "Seed"), ("folds", "Folds asked"), ("negativeSampling", "Impostor sampling"), ("impostorTagPrefix", "Impostor tag prefix"), ("positives", "Genuine pairs asked"),
        ("negatives", "Impostor pairs asked"), ("maxPairsPerIdentity", "Max pairs per identity"), ("minImagesPerIdentity", "Min images per identity"),
        ("allVsAll", "All vs all"), ("requireFace", "Only images with a face"), ("file", "File"),
    ];

    /// <summary>The parameters that were given, in a fixed order, with readable labels; unknown ones keep their key.</summary>
    public static IReadOnlyList<(string Label, string Value)> Fields(string? json)
    {
        var values = Values(json);
        var fields = new List<(string, string)>();
        foreach (var (key, label) in Known)
        {
            if (values.Remove(key, out var value))
            {
                fields.Add((label, value));
            }
        }
        fields.AddRange(values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value)));
        return fields;
    }

    public static string? Seed(string? json) => Values(json).GetValueOrDefault("seed");

    /// <summary>"random", "hard", "matched" or "related" for generated sets (random when not given), null for imported ones.</summary>
    public static string? Sampling(string? json)
    {
        var values = Values(json);
        return values.ContainsKey("file") ? null : values.GetValueOrDefault("negativeSampling") ?? "random";
    }

    private static Dictionary<string, string> Values(string? json)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return values;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return values;
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var text = p.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => "yes",
                    JsonValueKind.False => null,
                    // Enums are stored as their numbers.
                    JsonValueKind.Number when p.NameEquals("negativeSampling") && p.Value.TryGetInt32(out var n) => ((NegativeSampling)n).ToString().ToLowerInvariant(),
                    JsonValueKind.Number => p.Value.GetDouble().ToString(CultureInfo.InvariantCulture),
                    _ => p.Value.GetRawText(),
                };
                // Unset options and the gallery (shown on its own) are left out.
                if (text is not null && !p.NameEquals("galleryId") && !p.NameEquals("GalleryId"))
                {
                    var key = char.ToLowerInvariant(p.Name[0]) + p.Name[1..];
                    values[key] = key == "negativeSampling" ? text.ToLowerInvariant() : text;
                }
            }
        }
        catch (JsonException)
        {
            values["parameters"] = json;
        }
        return values;
    }
}
