using System.Text.Json;
using System.Text.Json.Serialization;
using FacePortal.Engine.Evaluation;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Identification;

/// <summary>A saved 1:N evaluation as the Identify page lists and reopens it.</summary>
public sealed record SavedIdentificationRun(int Id, int GalleryId, string Scoring, int K, int Seed, double HoldOut, DateTimeOffset CreatedAt, string? CreatedBy,
    IdentificationEvaluation Evaluation)
{
    // Thresholds may be infinite (every distance passes): written as "Infinity", not refused.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(IdentificationEvaluation evaluation) => JsonSerializer.Serialize(evaluation, Json);

    public static SavedIdentificationRun From(IdentificationRun row) => new(row.Id, row.GalleryId, row.Scoring, row.K, row.Seed, row.HoldOut,
        row.CreatedAt, row.CreatedBy, JsonSerializer.Deserialize<IdentificationEvaluation>(row.Result, Json)
            ?? throw new InvalidOperationException($"Saved 1:N evaluation {row.Id} is empty."));
}
