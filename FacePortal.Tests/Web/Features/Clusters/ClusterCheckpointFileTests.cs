using FacePortal.Web.Features.Clusters;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>The clustering checkpoint file read back after a stop or a damaged disk: whole records only, never a crash.</summary>
public sealed class ClusterCheckpointFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "fp-checkpoint-" + Guid.NewGuid().ToString("N"), "job-1.graph");
    private static readonly byte[] Fingerprint = [1, 2, 3, 4];

    [Fact]
    public void Open_SecondRecordDamaged_KeepsTheFirstWholeRecordOnly_AndGoesOnFromThere()
    {
        using (var checkpoint = ClusterCheckpoint.Open(_path, Fingerprint, 4))
        {
            checkpoint.Append([[(1, 0.1)], [(0, 0.1)]]);
            checkpoint.Append([[(3, 0.2)], [(2, 0.2)]]);
        }
        var bytes = File.ReadAllBytes(_path);
        // The last row's list length (4 bytes before its one (int, double) entry) becomes absurd.
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, bytes.Length - 12 - 4);
        File.WriteAllBytes(_path, bytes);

        using var reopened = ClusterCheckpoint.Open(_path, Fingerprint, 4);

        Assert.Equal(2, reopened.RowsResumed);
        Assert.Equal([(1, 0.1)], reopened.Lists[0]);
        reopened.Append([[(3, 0.3)], [(2, 0.3)]]);
        Assert.Equal(4, reopened.RowsDone);
    }

    [Fact]
    public void Open_HeaderLengthDamaged_StartsAfresh()
    {
        using (var checkpoint = ClusterCheckpoint.Open(_path, Fingerprint, 4))
        {
            checkpoint.Append([[(1, 0.1)], [(0, 0.1)]]);
        }
        var bytes = File.ReadAllBytes(_path);
        BitConverter.GetBytes(-5).CopyTo(bytes, 5); // the fingerprint's length, after the 5-byte magic
        File.WriteAllBytes(_path, bytes);

        using var reopened = ClusterCheckpoint.Open(_path, Fingerprint, 4);

        Assert.Equal(0, reopened.RowsResumed);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
}
