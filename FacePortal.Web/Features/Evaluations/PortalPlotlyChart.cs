using Plotly.Blazor;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// Plotly.Blazor's chart, drawing its first plot with <see cref="Gone"/> as the call's token. Its own first draw
/// passes none, and a call on a module reference with no token has no timeout: a page left while it drew (the circuit
/// ended by the browser's beacon before the socket closed, so no call is failed) kept that call, the chart's
/// disposal behind it, the circuit and the beacon's request waiting forever. Hidden is not supported.
/// </summary>
public sealed class PortalPlotlyChart : PlotlyChart
{
    /// <summary>Cancelled when the chart's owner goes: a first draw still waiting then is abandoned.</summary>
    [Microsoft.AspNetCore.Components.Parameter]
    public CancellationToken Gone { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            try
            {
                await NewPlot(Gone);
            }
            catch (OperationCanceledException) when (Gone.IsCancellationRequested)
            {
                return;
            }
            AfterRender?.Invoke();
        }
    }
}
