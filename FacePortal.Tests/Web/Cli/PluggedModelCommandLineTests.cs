using System.Text.Json;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.Engine.Recognition;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Cli;
using Microsoft.Extensions.Configuration;

namespace FacePortal.Tests.Web.Cli;

/// <summary>The verbs with a plugged-in ONNX embedding model shaped like a third-party ArcFace export.</summary>
public sealed class PluggedModelCommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fp-cli-model-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static string Demo(int i) => Path.Combine(FaceApiPackage.Directory, "demo", $"sample{i}.jpg");

    private Task<(int Code, string Out, string Err)> Run(string modelPath, int embeddingSize, params string[] args) =>
        Run(modelPath, embeddingSize, new Dictionary<string, string?>(), args);

    private async Task<(int Code, string Out, string Err)> Run(string modelPath, int embeddingSize, Dictionary<string, string?> more, params string[] args)
    {
        const string m = "FacePortal:Engine:EmbeddingModels:0:";
        var settings = new Dictionary<string, string?>
        {
            ["FacePortal:DataDirectory"] = _data,
            ["FacePortal:Engine:Models:ModelsDirectory"] = FaceApiPackage.Options.ModelsDirectory,
            [m + "Name"] = "tiny",
            [m + "Path"] = modelPath,
            [m + "InputSize"] = "112",
            [m + "Layout"] = "Nchw",
            [m + "Mean:0"] = "127.5", [m + "Mean:1"] = "127.5", [m + "Mean:2"] = "127.5",
            [m + "Std:0"] = "128", [m + "Std:1"] = "128", [m + "Std:2"] = "128",
            [m + "EmbeddingSize"] = embeddingSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [m + "Metric"] = "Cosine",
            [m + "Threshold"] = "0.4",
        };
        foreach (var (key, value) in more)
        {
            settings[m + key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, configuration, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [FaceApiWeightsFact]
    public async Task Verbs_ModelWithBatchFixedAtOne_EmbedVerifyAndEvaluateRun()
    {
        var model = TinyEmbeddingModel.Write(_data, "fixed-batch", TinyEmbeddingModel.BatchKind.FixedOne);

        // sample1 holds three faces: one batch of several faces for a model that takes one at a time.
        var embed = await Run(model, 16, "embed", "--json", "--model", "tiny", Demo(1), Demo(2));
        Assert.True(embed.Code == 0, embed.Err);
        using (var doc = JsonDocument.Parse(embed.Out))
        {
            Assert.Equal("tiny", doc.RootElement.GetProperty("model").GetString());
            var faces = doc.RootElement.GetProperty("images").EnumerateArray().SelectMany(i => i.GetProperty("faces").EnumerateArray()).ToList();
            Assert.True(faces.Count >= 4, embed.Out);
            Assert.All(faces, f => Assert.Equal(16, f.GetProperty("descriptor").GetArrayLength()));
        }

        var verify = await Run(model, 16, "verify", "--json", "--model", "tiny", Demo(2), Demo(2));
        Assert.True(verify.Code == 0, verify.Err);
        using (var doc = JsonDocument.Parse(verify.Out))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("distance").GetDouble(), 5);
            Assert.True(doc.RootElement.GetProperty("match").GetBoolean());
        }

        var pairs = Path.Combine(_data, "pairs.csv");
        await File.WriteAllLinesAsync(pairs, ["sample1.jpg,sample1.jpg,1", "sample2.jpg,sample2.jpg,1", "sample1.jpg,sample2.jpg,0", "sample3.jpg,sample4.jpg,0"]);
        var evaluate = await Run(model, 16, "evaluate", "--json", "--model", "tiny", "--images", Path.GetDirectoryName(Demo(1))!, "--pairs", pairs);
        Assert.True(evaluate.Code == 0, evaluate.Err);
        using (var doc = JsonDocument.Parse(evaluate.Out))
        {
            Assert.Equal(4, doc.RootElement.GetProperty("pairs").GetInt32());
            Assert.Equal(0, doc.RootElement.GetProperty("noFace").GetInt32());
            Assert.Equal(0, doc.RootElement.GetProperty("distanceGenuine").GetProperty("mean").GetDouble(), 5);
        }
    }

    [FaceApiWeightsFact]
    public async Task Embed_NonSquareModelWithArcFaceAlignment_CutsChipsOfItsInputSize()
    {
        var model = TinyEmbeddingModel.Write(_data, "sphereface-like", TinyEmbeddingModel.BatchKind.Dynamic, width: 96, height: 112);
        var chips = Path.Combine(_data, "chips");

        var (code, stdout, stderr) = await Run(model, 16,
            new Dictionary<string, string?> { ["InputWidth"] = "96", ["InputHeight"] = "112", ["Alignment"] = "ArcFace" },
            "embed", "--json", "--model", "tiny", "--chips", chips, Demo(2));

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var face = doc.RootElement.GetProperty("images")[0].GetProperty("faces")[0];
        Assert.Equal(16, face.GetProperty("descriptor").GetArrayLength());
        var png = Directory.EnumerateFiles(chips, "*.png", SearchOption.AllDirectories).First();
        var info = SixLabors.ImageSharp.Image.Identify(png);
        Assert.Equal((96, 112), (info.Width, info.Height));
    }

    [FaceApiWeightsFact]
    public async Task Verify_ModelWithAnotherEmbeddingSize_RefusedAtLoadNamingTheSetting()
    {
        var model = TinyEmbeddingModel.Write(_data, "wrong-size", TinyEmbeddingModel.BatchKind.FixedOne, embeddingSize: 128);

        var (code, _, stderr) = await Run(model, 512, "verify", "--json", "--model", "tiny", Demo(2), Demo(2));

        Assert.Equal(1, code);
        Assert.Contains("FacePortal:Engine:EmbeddingModels:0:EmbeddingSize is 512", stderr);
        Assert.Contains("returns 128 values per face", stderr);
    }

    [FaceApiWeightsFact]
    public async Task Verify_FileThatIsNotAModel_RefusedAtLoadNamingThePath()
    {
        Directory.CreateDirectory(_data);
        var model = Path.Combine(_data, "garbage.onnx");
        await File.WriteAllBytesAsync(model, [1, 2, 3, 4, 5, 6, 7, 8]);

        var (code, _, stderr) = await Run(model, 16, "verify", "--model", "tiny", Demo(2), Demo(2));

        Assert.Equal(1, code);
        Assert.Contains("FacePortal:Engine:EmbeddingModels:0:Path", stderr);
    }
}
