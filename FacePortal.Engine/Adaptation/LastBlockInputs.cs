using System.Runtime.InteropServices;
using System.Text;
using FacePortal.Engine.Robustness;
using static TorchSharp.torch;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// The frozen part of last-block adaptation, run once per chip: the activations entering face-api's last block, per
/// image one view per chip (and its mirror when the pipeline flip-averages), kept in a file so a restarted job does not
/// run the network again. One image's entry: views x 256 x 4 x 4 floats.
/// </summary>
public static class LastBlockInputs
{
    private const string Magic = "FPBLOCK1";

    public static int ViewLength => (int)FaceRecognitionTorchNet.LastBlockInputShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Activations of each chip (HWC RGB 0..255, 150x150), with its mirror as a second view when <paramref name="mirror"/>.</summary>
    public static float[][] Compute(FaceRecognitionTorchNet net, IReadOnlyList<float[]> chips, bool mirror, int batchSize, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(chips);
        var size = FaceRecognitionTorchNet.InputSize;
        var views = mirror ? 2 : 1;
        var result = new float[chips.Count][];
        for (var start = 0; start < chips.Count; start += Math.Max(1, batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = chips.Skip(start).Take(Math.Max(1, batchSize)).ToArray();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var input = net.Input([.. batch.SelectMany(c => c.Length == size * size * 3 ? c : throw new ArgumentException($"a chip must hold {size}x{size}x3 values"))], batch.Length);
            var acts = net.ForwardToLastBlock(input).to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
            float[]? mirrored = mirror ? net.ForwardToLastBlock(input.flip(2)).to_type(ScalarType.Float32).contiguous().data<float>().ToArray() : null;
            var n = ViewLength;
            for (var i = 0; i < batch.Length; i++)
            {
                var entry = new float[views * n];
                Array.Copy(acts, i * n, entry, 0, n);
                if (mirrored is not null)
                {
                    Array.Copy(mirrored, i * n, entry, n, n);
                }
                result[start + i] = entry;
            }
            progress?.Report(start + batch.Length);
        }
        return result;
    }

    /// <summary>Writes the entries under a key (what they were computed from), aside first, then moved.</summary>
    public static void Save(string path, string key, IReadOnlyList<float[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var w = new BinaryWriter(file, Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(key);
            w.Write(entries.Count);
            foreach (var e in entries)
            {
                w.Write(e.Length);
                w.Write(MemoryMarshal.AsBytes(e.AsSpan()));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The entries stored under this key; null when the file is missing, of another key, or damaged.</summary>
    public static float[][]? TryLoad(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using var file = File.OpenRead(path);
            using var r = new BinaryReader(file, Encoding.UTF8);
            if (r.ReadString() != Magic || r.ReadString() != key)
            {
                return null;
            }
            var entries = new float[r.ReadInt32()][];
            for (var i = 0; i < entries.Length; i++)
            {
                var e = new float[r.ReadInt32()];
                if (r.Read(MemoryMarshal.AsBytes(e.AsSpan())) != e.Length * sizeof(float))
                {
                    return null;
                }
                entries[i] = e;
            }
            return entries;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OverflowException or OutOfMemoryException)
        {
            return null;
        }
    }
}
