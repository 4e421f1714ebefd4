using FacePortal.Engine.Adaptation;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Adaptation;

[Trait("Category", "Torch")]
public sealed class HeadTrainerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fp-head-");

    // Identities whose images scatter mostly along a few shared "nuisance" directions: a projection can learn to drop them.
    private static (float[][] X, int[] Y) Data(int identities, int seed)
    {
        var (x, y) = RandomDescriptors.Clustered(identities, 6, 32, seed);
        var random = new Random(seed + 1);
        foreach (var v in x)
        {
            var nuisance = (float)(random.NextDouble() * 2 - 1);
            for (var i = 0; i < 4; i++)
            {
                v[i] += nuisance * 0.8f;
            }
        }
        return (x, y);
    }

    [Theory]
    [InlineData(HeadKind.Linear, TripletMining.BatchHard, PretrainingLoss.None)]
    [InlineData(HeadKind.Mlp, TripletMining.SemiHard, PretrainingLoss.Center)]
    [InlineData(HeadKind.Linear, TripletMining.BatchHard, PretrainingLoss.Softmax)]
    public void Train_ATinyRun_LowersItsOwnTripletLoss(HeadKind head, TripletMining mining, PretrainingLoss pretraining)
    {
        var (x, y) = Data(24, 3);
        var options = new HeadTrainingOptions
        {
            Head = head, Mining = mining, Pretraining = pretraining, PretrainingEpochs = pretraining == PretrainingLoss.None ? 0 : 3,
            Epochs = 15, LearningRate = 5e-3, IdentitiesPerBatch = 8, ImagesPerIdentity = 4, OutputSize = 16,
        };
        using var trainer = new HeadTrainer(x, y, options, null);
        var before = trainer.TripletLossOn(x, y);

        while (trainer.EpochsDone < trainer.TotalEpochs)
        {
            trainer.RunEpoch(CancellationToken.None);
        }
        var after = trainer.TripletLossOn(x, y);

        Assert.True(after < before * 0.8, $"triplet loss {before:F4} -> {after:F4}");
        Assert.Equal(options.TotalEpochs, trainer.Losses.Count);
        Assert.All(trainer.Losses, l => Assert.True(double.IsFinite(l.Loss)));
        var exported = trainer.Export();
        Assert.Equal(32, exported.InputSize);
        Assert.Equal(16, exported.OutputSize);
    }

    [Fact]
    public void RunEpoch_ResumedFromTheCheckpoint_ContinuesAsAnUninterruptedRun()
    {
        var (x, y) = Data(16, 5);
        var options = new HeadTrainingOptions { Epochs = 4, LearningRate = 5e-3, IdentitiesPerBatch = 6, ImagesPerIdentity = 3 };
        var straightPath = Path.Combine(_folder.FullName, "straight.ckpt");
        var resumedPath = Path.Combine(_folder.FullName, "resumed.ckpt");
        double[] straight;
        using (var t = new HeadTrainer(x, y, options, straightPath))
        {
            while (t.EpochsDone < t.TotalEpochs)
            {
                t.RunEpoch(CancellationToken.None);
            }
            straight = [.. t.Losses.Select(l => l.Loss)];
        }
        using (var first = new HeadTrainer(x, y, options, resumedPath))
        {
            Assert.False(first.Resumed);
            first.RunEpoch(CancellationToken.None);
            first.RunEpoch(CancellationToken.None);
        }

        // As after a restart: a new trainer on the same file goes on from epoch 3 with the same optimiser state.
        using var second = new HeadTrainer(x, y, options, resumedPath);
        Assert.True(second.Resumed);
        Assert.Equal(2, second.EpochsDone);
        Assert.Equal(2 * second.Sampler.BatchesPerEpoch, second.Losses[^1].Step);
        second.RunEpoch(CancellationToken.None);
        second.RunEpoch(CancellationToken.None);
        Assert.Equal(straight.Length, second.Losses.Count);
        for (var i = 0; i < straight.Length; i++)
        {
            Assert.Equal(straight[i], second.Losses[i].Loss, 5);
        }

        // Other options: the checkpoint is not theirs, training starts over.
        using var other = new HeadTrainer(x, y, options with { Seed = 2 }, resumedPath);
        Assert.False(other.Resumed);
    }

    [Fact]
    public void Sampler_Epoch_IsTheSameInEveryProcess()
    {
        // Fixed here, so a resumed job (another process) draws the batches an uninterrupted one would.
        Assert.Equal(unchecked((3 * 1_000_003) ^ (2 * 7919) ^ 0x5EED), PkBatchSampler.EpochSeed(3, 2, 0x5EED));
        var sampler = new PkBatchSampler([0, 0, 0, 1, 1, 1, 2, 2], 2, 2, 3);
        var batch = sampler.Epoch(2).First();
        Assert.Equal(4, batch.Length);
        Assert.Equal(batch, new PkBatchSampler([0, 0, 0, 1, 1, 1, 2, 2], 2, 2, 3).Epoch(2).First());
        // K consecutive images of one identity, P identities apart.
        var labels = new[] { 0, 0, 0, 1, 1, 1, 2, 2 };
        Assert.Equal(labels[batch[0]], labels[batch[1]]);
        Assert.Equal(labels[batch[2]], labels[batch[3]]);
        Assert.NotEqual(labels[batch[0]], labels[batch[2]]);
    }

    [Fact]
    public void Constructor_OneUsableIdentity_SaysWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => new HeadTrainer([[1f, 0f], [0.9f, 0.1f], [0f, 1f]], [1, 1, 2], new HeadTrainingOptions(), null));
        Assert.Contains("at least 2 training identities", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
