using System.Text.Json;
using System.Text.Json.Serialization;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// An import job's parameters (the job's JSON). Uploaded bytes live under <c>&lt;DataDirectory&gt;/uploads/&lt;UploadId&gt;/</c>
/// with fixed file names, so nothing a user sent becomes a path.
/// </summary>
public sealed record ImportParameters
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public const string ZipFileName = "upload.zip";
    public const string ManifestFileName = "manifest.csv";

    public int GalleryId { get; init; }

    public ImportSourceKind Source { get; init; }

    /// <summary>The upload folder's name (a GUID), or null when nothing was uploaded (server folder).</summary>
    public string? UploadId { get; init; }

    /// <summary>What the user called the upload (zip or manifest file name), for messages.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Server folder (server-folder imports) or base folder of the CSV manifest's paths; absolute.</summary>
    public string? Folder { get; init; }

    /// <summary>The identity browser-uploaded files go to.</summary>
    public string? Identity { get; init; }

    public IReadOnlyList<UploadedFile>? Files { get; init; }

    /// <summary>
    /// Every face kept without a name (in the gallery's unlabelled holding identity, one row per face) whatever the
    /// folders say; files at the top level and in nested folders are taken too.
    /// </summary>
    public bool Unlabelled { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ImportParameters Parse(string json) =>
        JsonSerializer.Deserialize<ImportParameters>(json, Json) ?? throw new InvalidOperationException("Empty import parameters.");

    /// <summary>The upload folder, or null; the id must be a GUID (the JSON is data, not trusted to name a path).</summary>
    public string? UploadFolder(string dataDirectory) =>
        UploadId is null ? null
        : Guid.TryParseExact(UploadId, "N", out _) ? Path.Combine(Path.GetFullPath(dataDirectory), "uploads", UploadId)
        : throw new InvalidOperationException($"Bad upload id '{UploadId}'.");
}
