using System.Text.Json;
using Bunit;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Evaluations;

namespace FacePortal.Tests.Web.Features.Evaluations;

public class CurveChartTests
{
    private static readonly ChartSeries Det = new("face-api", [1e-3, 1e-2, 0.1, 1], [0.5, 0.1, 0.01, 0.001]);

    /// <summary>Everything the chart handed to Plotly (data, layout, config), as JSON text.</summary>
    private static string PlotlyCalls(BunitContext ctx) =>
        string.Join("\n", ctx.JSInterop.Invocations.SelectMany(i => i.Arguments).Select(a => a is null ? "" : JsonSerializer.Serialize(a, a.GetType())));

    [Fact]
    public async Task LogAxes_Rendered_TickEveryDecadeAsExponents()
    {
        await using var ctx = PortalTestContext.Create();

        ctx.Render<CurveChart>(p => p.Add(c => c.TestId, "det").Add(c => c.XTitle, "FAR (log)").Add(c => c.YTitle, "FRR (log)")
            .Add(c => c.LogX, true).Add(c => c.LogY, true).Add(c => c.Series, [Det]));

        var sent = PlotlyCalls(ctx);
        Assert.Equal(2, CountOf(sent, $"\"{CurveChart.LogTickFormat}\""));
        Assert.Contains("\"DTick\":1", sent.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EveryTrace_Rendered_ReadsOutBothCoordinatesOnHover()
    {
        await using var ctx = PortalTestContext.Create();

        var cut = ctx.Render<CurveChart>(p => p.Add(c => c.TestId, "rates").Add(c => c.XTitle, "threshold").Add(c => c.YTitle, "rate")
            .Add(c => c.Series, [Det, Det with { Name = "other", Bars = true }]).Add(c => c.Marker, (0.01, 0.1)));

        Assert.Equal("threshold: %{x:.4g}<br>rate: %{y:.4g}<extra>%{fullData.name}</extra>", cut.Instance.HoverTemplate);
        var sent = PlotlyCalls(ctx);
        // Two series and the threshold marker, each with the read-out; a linear chart keeps Plotly's own ticks.
        Assert.Equal(3, CountOf(sent, "%{x:.4g}"));
        Assert.DoesNotContain($"\"{CurveChart.LogTickFormat}\"", sent, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
