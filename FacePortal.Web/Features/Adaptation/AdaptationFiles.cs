using System.Text.Json;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>Where adaptation jobs keep their checkpoint and record: data/adaptation/job-N.ckpt and job-N.json (and job-N.inputs for the last block).</summary>
public sealed class AdaptationFiles(IOptions<PortalOptions> portal)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Folder => Path.Combine(Path.GetFullPath(portal.Value.DataDirectory), "adaptation");

    public string Checkpoint(int jobId) => Path.Combine(Folder, $"job-{jobId}.ckpt");

    /// <summary>Last-block adaptation: the activations entering the block, computed once per job (<see cref="Engine.Adaptation.LastBlockInputs"/>).</summary>
    public string BlockInputs(int jobId) => Path.Combine(Folder, $"job-{jobId}.inputs");

    private string Record(int jobId) => Path.Combine(Folder, $"job-{jobId}.json");

    public async Task<AdaptationResult?> ReadAsync(int jobId, CancellationToken cancellationToken)
    {
        var path = Record(jobId);
        if (!File.Exists(path))
        {
            return null;
        }
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<AdaptationResult>(file, Json, cancellationToken);
    }

    /// <summary>Written aside and moved, so a reader (or a crash) never sees half a record.</summary>
    public async Task WriteAsync(AdaptationResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(Folder);
        var path = Record(result.JobId);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(result, Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
