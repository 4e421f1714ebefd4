using Bunit;
using FacePortal.Engine.Embedding;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Evaluations.Differentials;
using FacePortal.Web.Platform.Auth;
using static FacePortal.Tests.Web.Features.Clusters.ClusterTestSupport;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>
/// The cluster view's "Default from ..." line: which source gave the slider's default, on an engine with face-api
/// (a configured clustering default) and a second model without one (its verification threshold).
/// </summary>
[Collection(TwoModelEngineCollection.Name)]
public class ClustersPageThresholdSourceTests(TwoModelEngineFixture engine)
{
    private async Task<(string Source, string Heading)> RenderAsync(PortalTestDatabase data, int gallery)
    {
        await using var ctx = ClustersPageTests.Context(data, Roles.Operator);
        var cut = ClustersPageTests.Render(ctx, gallery);
        return (cut.Find("[data-testid=threshold-source]").TextContent, cut.Find("[data-testid=threshold-source]").ParentElement!.QuerySelector("h6, .mud-typography-subtitle1")!.TextContent);
    }

    [Fact]
    public async Task DefaultLine_NoEvaluation_ShowsTheModelsConfiguredClusteringDefault()
    {
        await using var data = await DatabaseAsync(engine.Host);
        var p = await SeedAsync(data, FaceDescriber.For(engine.Engine, null).Signature, [3, 2]);

        var (source, heading) = await RenderAsync(data, p.Gallery);

        Assert.Equal("Default from the model's clustering default; move the slider to override it.", source.Trim());
        Assert.Contains("face-api, distance; default 0.5)", heading, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultLine_ModelWithoutClusteringDefault_ShowsItsVerificationThreshold()
    {
        await using var data = await DatabaseAsync(engine.Host);
        var p = await SeedAsync(data, FaceDescriber.For(engine.Engine, TwoModelEngineFixture.SecondModel).Signature, [3, 2]);
        await using (var db = data.CreateDbContext())
        {
            (await db.Galleries.FindAsync(p.Gallery))!.Model = TwoModelEngineFixture.SecondModel;
            await db.SaveChangesAsync();
        }

        var (source, heading) = await RenderAsync(data, p.Gallery);

        Assert.Contains("Default from the model's verification threshold (no evaluation with enough impostor pairs)", source, StringComparison.Ordinal);
        Assert.Contains($"{TwoModelEngineFixture.SecondModel}, distance; default 0.3)", heading, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultLine_FullyScoredEvaluation_ShowsTheThresholdAtFmrOneInAThousand()
    {
        await using var data = await DatabaseAsync(engine.Host);
        var p = await SeedAsync(data, FaceDescriber.For(engine.Engine, null).Signature, [3, 2]);
        // 1,000 impostor pairs at distances 0.301 ... 1.3: FMR 1e-3 allows the closest one (as in ClusterModelsTests).
        var images = new List<StandardsTestData.Image> { new("a1", "A"), new("a2", "A"), new("b1", "B") };
        var pairs = Enumerable.Range(1, 1000).Select(i => new StandardsTestData.Pair("a1", "b1", false, -(0.3 + i / 1000.0)))
            .Concat(Enumerable.Range(0, 10).Select(_ => new StandardsTestData.Pair("a1", "a2", true, -0.2))).ToList();
        var seeded = await StandardsTestData.CreateAsync(data, new Dictionary<string, string[]> { ["A"] = [], ["B"] = [] }, images, pairs);

        var (source, heading) = await RenderAsync(data, p.Gallery);

        Assert.Contains($"Default from FMR 0.001 in evaluation #{seeded.RunId} (1000 impostor pairs)", source, StringComparison.Ordinal);
        Assert.Matches(@"face-api, distance; default 0\.30[12]\)", heading);
    }
}
