using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Curation;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Clusters;

/// <summary>Where clustering jobs keep their checkpoints: data/clusters/job-N.graph (see <see cref="ClusterCheckpoint"/>).</summary>
public sealed class ClusterCheckpoints(IOptions<PortalOptions> portal)
{
    public string Folder => Path.Combine(Path.GetFullPath(portal.Value.DataDirectory), "clusters");

    public string PathFor(int jobId) => Path.Combine(Folder, $"job-{jobId}.graph");

    public ClusterCheckpoint Open(int jobId, byte[] fingerprint, int faces) => ClusterCheckpoint.Open(PathFor(jobId), fingerprint, faces);

    public void Delete(int jobId) => File.Delete(PathFor(jobId));

    /// <summary>Removes the checkpoints of jobs that will not run again (cancelled, failed, deleted).</summary>
    public void Sweep(IReadOnlySet<int> unfinishedJobs)
    {
        ArgumentNullException.ThrowIfNull(unfinishedJobs);
        if (!Directory.Exists(Folder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(Folder, "job-*.graph"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (int.TryParse(name.AsSpan(4), out var jobId) && !unfinishedJobs.Contains(jobId))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>What the saved lists depend on: the faces (ids and descriptors, in order), the model, threshold and neighbour count.</summary>
    public static byte[] Fingerprint(IReadOnlyList<int> imageIds, DescriptorSet set, string model, double threshold, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(imageIds);
        ArgumentNullException.ThrowIfNull(set);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{model}|{set.Metric}|{BitConverter.DoubleToInt64Bits(threshold)}|{neighbours}|{set.Count}|{set.Dimension}|"));
        hash.AppendData(MemoryMarshal.AsBytes(imageIds.ToArray().AsSpan()));
        for (var r = 0; r < set.Count; r++)
        {
            hash.AppendData(MemoryMarshal.AsBytes(set.Row(r)));
        }
        return hash.GetHashAndReset();
    }
}
