using System.Text.Json;
using System.Text.Json.Serialization;

namespace FacePortal.Web.Features.Robustness;

/// <summary>How robustness runs are stored and served: web names, enums as their names.</summary>
public static class RobustnessJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
