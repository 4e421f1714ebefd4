using System.Text.Json;
using FacePortal.Engine.Curation;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// What a gallery analysis found, as stored (JSON) beside the gallery: image ids and identity ids only, the names and
/// thumbnails are read when a page shows it. In the defect lists a "face" is an image id (the image's primary face).
/// </summary>
public sealed record GalleryAnalysisResult
{
    /// <summary>Exact copies and near pairs up to <see cref="GalleryOptions.AnalysisNearCeiling"/>, nearest first.</summary>
    public List<DuplicatePair> Duplicates { get; init; } = [];

    /// <summary>Suspected mislabels, surest first.</summary>
    public List<MislabelSuspect> Mislabels { get; init; } = [];

    public List<ZooMember> Zoo { get; init; } = [];

    public List<MixedIdentity> MixedIdentities { get; init; } = [];

    public List<DuplicateName> DuplicateNames { get; init; } = [];

    public List<SamePhotoConflict> SamePhotoConflicts { get; init; } = [];

    public List<HarmfulTemplate> HarmfulTemplates { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static GalleryAnalysisResult FromJson(string json) =>
        JsonSerializer.Deserialize<GalleryAnalysisResult>(json, JsonSerializerOptions.Web) ?? new GalleryAnalysisResult();
}
