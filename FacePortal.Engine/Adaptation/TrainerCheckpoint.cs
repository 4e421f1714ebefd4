using System.Text;
using TorchSharp;

namespace FacePortal.Engine.Adaptation;

/// <summary>
/// A trainer's checkpoint file: a magic and a key (what was trained on, with which options), the step, the loss
/// curve, then the module's weights and the optimizer's state. Written to a temporary file and moved into place, so a
/// stop mid-write leaves the previous checkpoint; one of other data or options, or damaged, is not resumed from.
/// </summary>
internal static class TrainerCheckpoint
{
    public static void Save(string? path, string magic, string key, long step, IReadOnlyList<EpochLoss> losses, torch.nn.Module module,
        TorchSharp.Modules.AdamW optimizer)
    {
        if (path is null)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var w = new BinaryWriter(file, Encoding.UTF8))
        {
            w.Write(magic);
            w.Write(key);
            w.Write(step);
            w.Write(losses.Count);
            foreach (var l in losses)
            {
                w.Write(l.Epoch);
                w.Write(l.Phase);
                w.Write(l.Loss);
                w.Write(l.Step);
            }
            module.save(w);
            optimizer.save_state_dict(w);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads the module and optimizer state and answers the step and losses; null when there is nothing to resume from.</summary>
    public static (long Step, List<EpochLoss> Losses)? TryLoad(string? path, string magic, string key, torch.nn.Module module, TorchSharp.Modules.AdamW optimizer)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }
        try
        {
            using var file = File.OpenRead(path);
            using var r = new BinaryReader(file, Encoding.UTF8);
            if (r.ReadString() != magic || r.ReadString() != key)
            {
                return null;
            }
            var step = r.ReadInt64();
            var count = r.ReadInt32();
            var losses = new List<EpochLoss>();
            for (var i = 0; i < count; i++)
            {
                losses.Add(new EpochLoss(r.ReadInt32(), r.ReadString(), r.ReadDouble(), r.ReadInt64()));
            }
            module.load(r);
            optimizer.load_state_dict(r);
            return (step, losses);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An epoch's shuffled batches of the options' P x K size (seeded by epoch); a batch of one is dropped.</summary>
    public static IEnumerable<int[]> ShuffledBatches(int count, HeadTrainingOptions options, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(PkBatchSampler.EpochSeed(options.Seed, epoch, 0xC1A55)).Shuffle(order);
        return order.Chunk(options.IdentitiesPerBatch * options.ImagesPerIdentity).Where(c => c.Length > 1);
    }
}
