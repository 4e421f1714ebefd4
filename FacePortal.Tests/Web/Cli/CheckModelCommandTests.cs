using System.Text.Json;
using FacePortal.Engine;
using FacePortal.Engine.Recognition;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Cli;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FacePortal.Tests.Web.Cli;

/// <summary>The check-model verb: a small model of our ONNX writer, and face-api's own recognition network on LFW's first fold.</summary>
[Collection(EngineCollection.Name)]
public sealed class CheckModelCommandTests(EngineFixture fixture) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fp-check-model-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FacePortal:DataDirectory"] = _data,
            ["FacePortal:Engine:Models:ModelsDirectory"] = FaceApiPackage.Options.ModelsDirectory,
        }).Build();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, configuration, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Demo(int i) => Path.Combine(FaceApiPackage.Directory, "demo", $"sample{i}.jpg");

    [FaceApiWeightsFact]
    public async Task CheckModel_TinyFixedBatchModel_RanksAllPreprocessingsAndPrintsABlockThatBinds()
    {
        var model = TinyEmbeddingModel.Write(_data, "tiny-fixed", TinyEmbeddingModel.BatchKind.FixedOne);
        var pairs = Path.Combine(_data, "pairs.csv");
        await File.WriteAllLinesAsync(pairs, ["sample1.jpg,sample1.jpg,1", "sample2.jpg,sample2.jpg,1", "sample1.jpg,sample2.jpg,0", "sample3.jpg,sample4.jpg,0"]);

        var (code, stdout, stderr) = await Run("check-model", "--json", "--path", model, "--images", Path.GetDirectoryName(Demo(1))!, "--pairs", pairs);

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(112, root.GetProperty("model").GetProperty("width").GetInt32());
        Assert.Equal("Nchw", root.GetProperty("model").GetProperty("layout").GetString());
        Assert.Equal(16, root.GetProperty("model").GetProperty("embeddingSize").GetInt32());
        Assert.Contains("batch fixed at 1", root.GetProperty("shape").GetString());
        var outcomes = root.GetProperty("outcomes").EnumerateArray().ToList();
        Assert.Equal(32, outcomes.Count);
        Assert.Equal(Enumerable.Range(1, 32), outcomes.Select(o => o.GetProperty("rank").GetInt32()));
        var accuracies = outcomes.Select(o => o.GetProperty("accuracy").GetDouble()).ToList();
        Assert.Equal(accuracies.OrderByDescending(a => a), accuracies);
        Assert.Equal(0, root.GetProperty("imagesWithoutFace").GetInt32());

        // The recommended block, pasted into a configuration file, binds and validates as the portal's settings.
        var block = Path.Combine(_data, "appsettings.json");
        await File.WriteAllTextAsync(block, root.GetProperty("configuration").GetString());
        var configuration = new ConfigurationBuilder().AddJsonFile(block).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEngineOptions().BuildServiceProvider();
        var bound = services.GetRequiredService<IOptions<FaceEngineOptions>>().Value.EmbeddingModels.Single();
        Assert.Equal(model, bound.Path);
        Assert.Equal(3, bound.MeanOrDefault.Length);
        Assert.Equal(16, bound.EmbeddingSize);
    }

    [FaceApiWeightsFact]
    public async Task CheckModel_NoSuchFile_IsAUsageError()
    {
        var (code, _, stderr) = await Run("check-model", "--path", Path.Combine(_data, "absent.onnx"), "--images", _data, "--pairs", Path.Combine(_data, "p.csv"));

        Assert.Equal(2, code);
        Assert.Contains("No model file", stderr);
    }

    [LfwFact]
    public async Task CheckModel_FaceApisOwnNetworkOnLfw_RanksItsRealPreprocessingFirst()
    {
        // The converted recognition network the engine runs: NHWC RGB 0..255 raw (its normalisation is inside the graph), dlib chip, Euclidean.
        var path = fixture.Engine.Models.Single(m => m.Name == EmbeddingModelOptions.BuiltInName).File;

        var (code, stdout, stderr) = await Run("check-model", "--json", "--path", path, "--lfw", RepoPaths.Lfw);

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(600, root.GetProperty("pairs").GetInt32());
        Assert.Equal(300, root.GetProperty("matedPairs").GetInt32());
        var outcomes = root.GetProperty("outcomes").EnumerateArray().Select(o => (
            Rank: o.GetProperty("rank").GetInt32(),
            Order: o.GetProperty("options").GetProperty("channelOrder").GetString(),
            Mean: o.GetProperty("options").GetProperty("meanOrDefault")[0].GetDouble(),
            Std: o.GetProperty("options").GetProperty("stdOrDefault")[0].GetDouble(),
            Alignment: o.GetProperty("options").GetProperty("alignment").GetString(),
            Metric: o.GetProperty("options").GetProperty("metric").GetString(),
            Accuracy: o.GetProperty("accuracy").GetDouble(),
            Works: o.GetProperty("works").GetBoolean())).ToList();
        var best = outcomes[0];
        Assert.Equal(("RGB", 0.0, 1.0, "DlibChip"), (best.Order, best.Mean, best.Std, best.Alignment));
        Assert.InRange(best.Accuracy, 0.965, 1.0);
        var euclidean = outcomes.First(o => o is { Order: "RGB", Mean: 0, Std: 1, Alignment: "DlibChip", Metric: "Euclidean" });
        Assert.True(euclidean.Accuracy >= best.Accuracy - 0.005, $"Euclidean {euclidean.Accuracy} vs best {best.Accuracy}");
        Assert.True(euclidean.Works);
        // Deliberately wrong preprocessings rank lower.
        var bgr = outcomes.First(o => o is { Order: "BGR", Mean: 0, Std: 1, Alignment: "DlibChip", Metric: "Euclidean" });
        var arcface = outcomes.First(o => o is { Order: "RGB", Mean: 0, Std: 1, Alignment: "ArcFace", Metric: "Euclidean" });
        var scaled = outcomes.First(o => o is { Order: "RGB", Mean: 0, Std: 255, Alignment: "DlibChip", Metric: "Euclidean" });
        // Ranked by accuracy, then AUC: BGR costs this network little (about a point on LFW), the ArcFace cut much more.
        Assert.True(bgr.Rank > euclidean.Rank, $"BGR {bgr.Accuracy} ranked {bgr.Rank}, RGB {euclidean.Accuracy} ranked {euclidean.Rank}");
        Assert.True(arcface.Accuracy < euclidean.Accuracy - 0.03, $"ArcFace {arcface.Accuracy}");
        Assert.True(scaled.Accuracy < 0.9, $"(x - 0) / 255 {scaled.Accuracy}");
        Assert.Contains("\"ChannelOrder\": \"RGB\"", root.GetProperty("configuration").GetString());
    }
}
