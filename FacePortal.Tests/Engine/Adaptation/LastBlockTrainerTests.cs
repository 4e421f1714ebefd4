using FacePortal.Engine.Adaptation;
using FacePortal.Engine.Models;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace FacePortal.Tests.Engine.Adaptation;

/// <summary>Last-block adaptation on real LFW chips and face-api's real weights (the engine collection's pipeline cuts the chips).</summary>
[Trait("Category", "Torch")]
[Collection(EngineCollection.Name)]
public sealed class LastBlockTrainerTests(EngineFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static (List<float[]> Chips, List<int> Labels)? _data;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("fp-block-");

    private (List<float[]> Chips, List<int> Labels) Data() => _data ??= LfwChips.Load(fixture.Engine, 10, 4);

    private static HeadTrainingOptions Tiny(int epochs) => new() { Epochs = epochs, LearningRate = 2e-3, IdentitiesPerBatch = 4, ImagesPerIdentity = 4, Margin = 0.3 };

    [LfwImagesFact]
    public void Embed_BeforeTraining_IsFaceApisOwnNormalisedDescriptor()
    {
        var (chips, labels) = Data();
        var inputs = LastBlockInputs.Compute(TorchChips.Net, chips.Take(6).ToList(), mirror: false, 4, null, CancellationToken.None);
        using var trainer = new LastBlockTrainer(TorchChips.Net, inputs, [.. labels.Take(6).Select(l => l % 2)], Tiny(1), 1e-4, null);
        var embedded = trainer.Embed(inputs);
        var worst = 0.0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var d = TorchChips.Descriptor(TorchChips.Net, chips[i]);
            var norm = Math.Sqrt(d.Sum(v => (double)v * v));
            worst = Math.Max(worst, d.Select((v, j) => Math.Abs(v / norm - embedded[i][j])).Max());
        }
        output.WriteLine($"max |block net - face-api| = {worst:E2}");
        Assert.True(worst <= 1e-5, $"the re-built last block differs from face-api's by {worst}");
    }

    [LfwImagesFact]
    public void Train_ATinyRun_LowersItsOwnLossAndKeepsHeldOutIdentitiesOut()
    {
        var (chips, labels) = Data();
        var split = IdentitySplit.Make(labels, 0.3, 4);
        var train = Enumerable.Range(0, chips.Count).Where(i => split.Train.Contains(labels[i])).ToList();
        var heldOut = Enumerable.Range(0, chips.Count).Where(i => split.HeldOut.Contains(labels[i])).ToList();
        Assert.NotEmpty(heldOut);
        var inputs = LastBlockInputs.Compute(TorchChips.Net, [.. train.Select(i => chips[i])], mirror: true, 8, null, CancellationToken.None);
        var trainLabels = train.Select(i => labels[i]).ToList();
        Assert.DoesNotContain(trainLabels, split.HeldOut.Contains);

        using var trainer = new LastBlockTrainer(TorchChips.Net, inputs, trainLabels, Tiny(8), 1e-3, null);
        Assert.Equal(split.Train.Count, trainer.Sampler.IdentityCount);
        Assert.Equal(train.Count, trainer.Sampler.SampleCount);
        var before = trainer.TripletLossOn(inputs, trainLabels);
        while (trainer.EpochsDone < trainer.TotalEpochs)
        {
            trainer.RunEpoch(CancellationToken.None);
        }
        var after = trainer.TripletLossOn(inputs, trainLabels);
        output.WriteLine($"triplet loss on the training chips {before:F4} -> {after:F4}; epochs {string.Join(", ", trainer.Losses.Select(l => l.Loss.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");
        Assert.True(before > 0, "a zero starting loss would make the check vacuous");
        Assert.True(after < before * 0.8, $"triplet loss {before:F4} -> {after:F4}");
        Assert.All(trainer.Losses, l => Assert.True(double.IsFinite(l.Loss)));
    }

    [LfwImagesFact]
    public void Export_TunedBlockAndHead_OnnxMatchesTheTorchModel()
    {
        var (chips, labels) = Data();
        var inputs = LastBlockInputs.Compute(TorchChips.Net, chips, mirror: false, 8, null, CancellationToken.None);
        // A large block learning rate, so the exported block is far from face-api's and the check is not vacuous.
        using var trainer = new LastBlockTrainer(TorchChips.Net, inputs, labels, Tiny(2) with { LearningRate = 1e-2, OutputSize = 64 }, 1e-2, null);
        trainer.RunEpoch(CancellationToken.None);
        trainer.RunEpoch(CancellationToken.None);
        var tuned = trainer.Export();
        var baseWeights = ConvertedModels.Weights(FaceApiModel.FaceRecognition);
        var changed = tuned.Weights.Max(w => w.Value.Zip(baseWeights[w.Key].Data, (a, b) => Math.Abs(a - b)).Max());
        Assert.True(changed > 1e-3, $"the block barely moved ({changed})");

        using var session = new InferenceSession(tuned.ToOnnx(baseWeights));
        var sample = chips.Take(8).ToList();
        var onnx = ConvertedModels.Run(session, [.. sample.SelectMany(c => c)], sample.Count, FaceRecognitionTorchNet.InputSize);
        var torch = trainer.Embed(inputs.Take(sample.Count).ToList());
        Assert.Equal(sample.Count * 64, onnx.Length);
        var worst = 0.0;
        for (var i = 0; i < sample.Count; i++)
        {
            worst = Math.Max(worst, torch[i].Select((v, j) => Math.Abs(v - onnx[i * 64 + j])).Max());
        }
        output.WriteLine($"max |onnx - torch| over {sample.Count} chips = {worst:E2}; largest block change {changed:E2}");
        Assert.True(worst <= 1e-4, $"max |onnx - torch| {worst}");
    }

    [LfwImagesFact]
    public void RunEpoch_ResumedFromTheCheckpoint_ContinuesAsAnUninterruptedRun()
    {
        var (chips, labels) = Data();
        var inputs = LastBlockInputs.Compute(TorchChips.Net, chips, mirror: false, 8, null, CancellationToken.None);
        var cache = Path.Combine(_folder.FullName, "inputs.bin");
        LastBlockInputs.Save(cache, "key-1", inputs);
        Assert.Null(LastBlockInputs.TryLoad(cache, "key-2"));
        var loaded = LastBlockInputs.TryLoad(cache, "key-1")!;
        Assert.Equal(inputs.Length, loaded.Length);
        Assert.Equal(inputs[^1], loaded[^1]);

        var options = Tiny(3);
        double[] straight;
        using (var t = new LastBlockTrainer(TorchChips.Net, inputs, labels, options, 1e-3, Path.Combine(_folder.FullName, "straight.ckpt")))
        {
            while (t.EpochsDone < t.TotalEpochs)
            {
                t.RunEpoch(CancellationToken.None);
            }
            straight = [.. t.Losses.Select(l => l.Loss)];
        }
        var path = Path.Combine(_folder.FullName, "resumed.ckpt");
        using (var first = new LastBlockTrainer(TorchChips.Net, loaded, labels, options, 1e-3, path))
        {
            Assert.False(first.Resumed);
            first.RunEpoch(CancellationToken.None);
        }

        // As after a restart: a new trainer on the same file goes on from epoch 2 with the same block, head and optimiser state.
        using var second = new LastBlockTrainer(TorchChips.Net, loaded, labels, options, 1e-3, path);
        Assert.True(second.Resumed);
        Assert.Equal(1, second.EpochsDone);
        second.RunEpoch(CancellationToken.None);
        second.RunEpoch(CancellationToken.None);
        Assert.Equal(straight.Length, second.Losses.Count);
        for (var i = 0; i < straight.Length; i++)
        {
            Assert.Equal(straight[i], second.Losses[i].Loss, 4);
        }

        // Another block learning rate: the checkpoint is not its own, training starts over.
        using var other = new LastBlockTrainer(TorchChips.Net, loaded, labels, options, 2e-3, path);
        Assert.False(other.Resumed);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
