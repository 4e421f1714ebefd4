using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>The evaluation header's robustness entry: a link in the Torch build, a plain note in the default one.</summary>
public class EvaluationHeaderTests
{
    private static EvaluationRunInfo Run() => new(7, 3, "LFW pairs", 1, 11, "face-api", "euclidean", null, JobState.Completed, 10, 10, null,
        DateTimeOffset.UnixEpoch, "admin@example.org", null, null);

#if FACEPORTAL_TORCH
    [Fact]
    [Trait("Category", "Torch")]
    public async Task Header_TorchBuild_LinksToRobustnessWithThePairSet()
    {
        await using var ctx = PortalTestContext.Create();

        var header = ctx.Render<EvaluationHeader>(p => p.Add(x => x.Run, Run()));

        Assert.Equal("/robustness?pairSet=3", header.Find("[data-testid=robustness-link]").GetAttribute("href"));
        Assert.Empty(header.FindAll("[data-testid=robustness-note]"));
    }
#else
    [Fact]
    public async Task Header_DefaultBuild_SaysRobustnessNeedsTheTorchBuildAndLinksNowhere()
    {
        await using var ctx = PortalTestContext.Create();

        var header = ctx.Render<EvaluationHeader>(p => p.Add(x => x.Run, Run()));

        Assert.Equal("robustness needs the Torch build", header.Find("[data-testid=robustness-note]").TextContent.Trim());
        Assert.Empty(header.FindAll("[data-testid=robustness-link]"));
        Assert.DoesNotContain("/robustness", header.Markup, StringComparison.Ordinal);
    }
#endif
}
