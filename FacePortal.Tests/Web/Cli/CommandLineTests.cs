using System.Text.Json;
using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Cli;
using Microsoft.Extensions.Configuration;

namespace FacePortal.Tests.Web.Cli;

/// <summary>The command-line verbs, run in-process with the real engine, on real files.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fp-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static string Demo(int i) => Path.Combine(FaceApiPackage.Directory, "demo", $"sample{i}.jpg");

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

    [Fact]
    public async Task Embed_JsonOnDemoImageAndCorruptFile_ReportsFacesAndTheError()
    {
        Directory.CreateDirectory(_data);
        var corrupt = Path.Combine(_data, "broken.jpg");
        await File.WriteAllBytesAsync(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);

        var (code, stdout, _) = await Run("embed", "--json", Demo(1), corrupt);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("face-api", root.GetProperty("model").GetString());
        Assert.Equal("CPU", root.GetProperty("executionProvider").GetString());
        var images = root.GetProperty("images").EnumerateArray().ToList();
        var good = images.Single(i => i.GetProperty("file").GetString() == Demo(1));
        Assert.Equal(JsonValueKind.Null, good.GetProperty("error").ValueKind);
        Assert.Equal(1920, good.GetProperty("width").GetInt32());
        var faces = good.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(3, faces.Count);
        Assert.All(faces, f =>
        {
            Assert.Equal(4, f.GetProperty("box").GetArrayLength());
            Assert.Equal(68, f.GetProperty("landmarks").GetArrayLength());
            Assert.Equal(128, f.GetProperty("descriptor").GetArrayLength());
        });
        var bad = images.Single(i => i.GetProperty("file").GetString() == corrupt);
        Assert.Contains("broken.jpg", bad.GetProperty("error").GetString());
        Assert.Empty(bad.GetProperty("faces").EnumerateArray());
    }

    [FaceApiGoldenFact]
    public async Task Embed_AlignedGoldenCrop_ReproducesFaceApiDescriptor()
    {
        // --aligned: the image is face-api's own crop; pad + resize + net must give face-api's descriptor.
        var crop = Path.Combine(RepoPaths.Golden, "crops", "sample1_face0_crop.png");
        using var golden = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Golden, "crop-sample1_face0_crop.json")));
        var expected = golden.RootElement.GetProperty("image").GetProperty("descriptor").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        var (code, stdout, _) = await Run("embed", "--aligned", "--no-flip", "--json", crop);

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var descriptor = doc.RootElement.GetProperty("images")[0].GetProperty("faces")[0].GetProperty("descriptor")
            .EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.True(descriptor.Zip(expected, (a, b) => Math.Abs(a - b)).Max() <= 1e-4);
    }

    [Fact]
    public async Task Verify_SameImageTwice_MatchesAtDistanceZero()
    {
        var (code, stdout, _) = await Run("verify", "--json", Demo(2), Demo(2));

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("distance").GetDouble(), 6);
        Assert.True(doc.RootElement.GetProperty("match").GetBoolean());
        Assert.Equal(0.6, doc.RootElement.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Verify_TwoDifferentPeople_NoMatch()
    {
        // sample1's primary and sample3's primary are different people (face-api's demo).
        var (code, stdout, _) = await Run("verify", "--json", Demo(1), Demo(3));

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("match").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("distance").GetDouble() > 0.6);
    }

    [Fact]
    public async Task Verify_MissingFile_ExitsWithUsageError()
    {
        var (code, _, stderr) = await Run("verify", "/nonexistent/a.jpg", "/nonexistent/b.jpg");

        Assert.NotEqual(0, code);
        Assert.Contains("a.jpg", stderr);
    }

    [Fact]
    public async Task Evaluate_UnknownOption_ExitsWithUsage()
    {
        var (code, _, stderr) = await Run("evaluate", "--bogus");

        Assert.Equal(2, code);
        Assert.Contains("Unknown option --bogus", stderr);
        Assert.Contains("usage:", stderr);
    }

    [LfwFact]
    public async Task Evaluate_LfwSliceTwice_ScoresPairsAndReusesTheCache()
    {
        // 12 genuine and 12 impostor pairs of the official fold 1, as a CSV pairs file.
        var pairs = LfwPairsParser.Load(Path.Combine(RepoPaths.Lfw, "pairs.txt"));
        var slice = pairs.Where(p => p.Same).Take(12).Concat(pairs.Where(p => !p.Same).Take(12)).ToList();
        Directory.CreateDirectory(_data);
        var csv = Path.Combine(_data, "pairs.csv");
        await File.WriteAllLinesAsync(csv, slice.Select(p => $"{p.PathA},{p.PathB},{(p.Same ? 1 : 0)}"));
        var images = Path.Combine(RepoPaths.Lfw, "images");

        var (code, stdout, stderr) = await Run("evaluate", "--images", images, "--pairs", csv, "--json");
        Assert.True(code == 0, stderr);
        using var first = JsonDocument.Parse(stdout);
        var r = first.RootElement;
        Assert.Equal(24, r.GetProperty("pairs").GetInt32());
        var imageCount = slice.SelectMany(p => new[] { p.PathA, p.PathB }).Distinct().Count();
        Assert.Equal(imageCount, r.GetProperty("images").GetInt32());
        Assert.Equal(0, r.GetProperty("fromCache").GetInt32());
        Assert.True(r.GetProperty("auc").GetDouble() > 0.9, stdout);
        Assert.True(r.GetProperty("accuracy").GetDouble() >= 0.85, stdout);
        Assert.True(r.GetProperty("distanceGenuine").GetProperty("mean").GetDouble() < r.GetProperty("distanceImpostor").GetProperty("mean").GetDouble());

        var (code2, stdout2, _) = await Run("evaluate", "--images", images, "--pairs", csv, "--json");
        Assert.Equal(0, code2);
        using var second = JsonDocument.Parse(stdout2);
        Assert.Equal(imageCount, second.RootElement.GetProperty("fromCache").GetInt32());
        Assert.Equal(r.GetProperty("accuracy").GetDouble(), second.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal(r.GetProperty("auc").GetDouble(), second.RootElement.GetProperty("auc").GetDouble());
    }
}
