using System.Text.Json;

namespace FacePortal.Web.Platform.Jobs;

/// <summary>
/// The page a job works on, read from its parameters: an evaluation's run, a pair set, or a gallery (imports,
/// embedding, generated pair sets). Null when the parameters name none of them.
/// </summary>
public static class JobLinks
{
    public static string? For(string parametersJson)
    {
        if (string.IsNullOrWhiteSpace(parametersJson))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(parametersJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            // Most specific first: an evaluation's parameters may also name its gallery.
            return Id(doc.RootElement, "robustnessRunId") is { } robustness ? $"/robustness/{robustness}"
                : Id(doc.RootElement, "runId") is { } run ? $"/evaluations/{run}"
                : Id(doc.RootElement, "pairSetId") is { } set ? $"/pairsets/{set}"
                : Id(doc.RootElement, "galleryId") is { } gallery ? $"/galleries/{gallery}"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int? Id(JsonElement root, string name)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Number
                && p.Value.TryGetInt32(out var id) && id > 0)
            {
                return id;
            }
        }
        return null;
    }
}
