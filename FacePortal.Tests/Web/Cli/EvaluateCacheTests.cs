using System.Text.Json.Nodes;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Cli;
using Microsoft.Extensions.Configuration;

namespace FacePortal.Tests.Web.Cli;

/// <summary>A cache must never change a result: <c>evaluate</c> twice over the same images, in every mode.</summary>
public sealed class EvaluateCacheTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "fp-cli-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private async Task<JsonObject> Evaluate(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FacePortal:DataDirectory"] = _data,
            ["FacePortal:Engine:Models:ModelsDirectory"] = FaceApiPackage.Options.ModelsDirectory,
        }).Build();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(["evaluate", "--json", .. args], configuration, stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        return JsonNode.Parse(stdout.ToString())!.AsObject();
    }

    [FaceApiWeightsFact]
    public async Task Evaluate_SecondRunFromCache_EqualsTheFirstInEveryMode()
    {
        Directory.CreateDirectory(_data);
        var pairs = Path.Combine(_data, "pairs.csv");
        await File.WriteAllLinesAsync(pairs, [
            "sample1.jpg,sample1.jpg,1", "sample2.jpg,sample2.jpg,1", "sample3.jpg,sample3.jpg,1",
            "sample1.jpg,sample2.jpg,0", "sample3.jpg,sample4.jpg,0", "sample5.jpg,sample6.jpg,0", "sample2.jpg,sample5.jpg,0",
        ]);
        var images = Path.Combine(FaceApiPackage.Directory, "demo");

        foreach (string[] mode in (string[][])[[], ["--aligned"], ["--no-flip"], ["--aligned", "--no-flip"]])
        {
            var first = await Evaluate(["--images", images, "--pairs", pairs, .. mode]);
            var second = await Evaluate(["--images", images, "--pairs", pairs, .. mode]);

            var name = mode.Length == 0 ? "default" : string.Join(" ", mode);
            Assert.True(first["fromCache"]!.GetValue<int>() == 0, name);
            Assert.True(second["fromCache"]!.GetValue<int>() == 6, name);
            Assert.True(second["noFace"]!.GetValue<int>() == first["noFace"]!.GetValue<int>(), name);
            foreach (var timing in new[] { "seconds", "imagesPerSecond", "cpuSeconds", "fromCache" })
            {
                first.Remove(timing);
                second.Remove(timing);
            }
            Assert.True(JsonNode.DeepEquals(first, second), $"{name}:\n{first}\n{second}");
        }
    }

    [Theory]
    [InlineData(300, 300, false)]
    [InlineData(100, 399, false)]
    [InlineData(100, 400, true)]
    [InlineData(40, 780, true)]
    [InlineData(500, 0, true)]
    public void ImbalanceWarning_FourToOneOrWorse_Warns(int genuine, int impostor, bool warns)
    {
        var warning = EvaluateCommand.ImbalanceWarning(genuine, impostor);

        Assert.Equal(warns, warning is not null);
    }

    [Fact]
    public void ImbalanceWarning_AllVersusAll_SaysWhatAlwaysDifferentScores()
    {
        // AT&T/ORL all-vs-all: 40 people x 10 images: 1,800 genuine and 78,000 impostor pairs.
        var warning = EvaluateCommand.ImbalanceWarning(1800, 78000);

        Assert.Contains("answering \"different\" to every pair scores 97.7% accuracy", warning);
    }
}
