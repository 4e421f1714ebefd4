using FacePortal.Web.Platform.Jobs;
using Microsoft.AspNetCore.Components;

namespace FacePortal.Web.Components;

/// <summary>
/// The base of the portal's pages and panels: a cancellation token that ends when the component goes, and job
/// progress fed to the component (subscribed at once, read after the first render, handled on the renderer's
/// thread, ended on dispose).
/// </summary>
public abstract class PortalComponentBase : ComponentBase, IAsyncDisposable
{
    // Cancelled, never disposed: work still running after the page went must see a cancelled token, not a dead one.
    private readonly CancellationTokenSource _gone = new();
    private readonly List<(JobSubscription Feed, Func<IReadOnlyList<JobProgress>, Task> Handle)> _feeds = [];
    private bool _rendered;

    // Resolved only by components that watch jobs, so the others need no notifier (bunit contexts included).
    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    /// <summary>Pass to every service call: cancelled when the component is disposed.</summary>
    protected CancellationToken PageToken { get; }

    protected PortalComponentBase() => PageToken = _gone.Token;

    /// <summary>
    /// Calls <paramref name="onProgress"/> with each burst of progress <paramref name="filter"/> accepts, then re-renders.
    /// Progress published from now on is kept until the first render, so call it before loading the first data.
    /// </summary>
    protected void WatchJobs(Func<JobProgress, bool> filter, Func<IReadOnlyList<JobProgress>, Task> onProgress)
    {
        var feed = Services.GetRequiredService<JobNotifier>().Subscribe(filter);
        _feeds.Add((feed, onProgress));
        if (_rendered)
        {
            _ = PumpAsync(feed, onProgress);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && !_rendered)
        {
            _rendered = true;
            foreach (var (feed, handle) in _feeds)
            {
                _ = PumpAsync(feed, handle);
            }
        }
    }

    private async Task PumpAsync(JobSubscription feed, Func<IReadOnlyList<JobProgress>, Task> handle)
    {
        try
        {
            await foreach (var batch in feed.ReadBatchesAsync(PageToken))
            {
                await InvokeAsync(async () =>
                {
                    await handle(batch);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (PageToken.IsCancellationRequested)
        {
            // the component went
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _gone.Cancel();
        foreach (var (feed, _) in _feeds)
        {
            feed.Dispose();
        }
        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>A component's own clean-up (event handlers it added).</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
