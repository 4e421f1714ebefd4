using System.Runtime;
using System.Runtime.InteropServices;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>
/// Gives the memory of a burst of large images back to the system once no analysis is running: the GC keeps freed
/// large-object segments (a 36-megapixel image leaves ~108 MB arrays) resident otherwise, which the issue measured
/// as gigabytes that never came down, and glibc keeps the decoder's freed native buffers in its arenas. A compacting
/// full collection and a malloc_trim, at most every few seconds, off the request path.
/// </summary>
internal sealed class MemoryRelease(MemoryBudget budget, TimeProvider clock)
{
    /// <summary>Analyses that took less than this leave too little behind to be worth a full collection.</summary>
    public const long LargeBytes = 256L * 1024 * 1024;

    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);

    private long _lastTicks = long.MinValue / 2;
    private int _pending;

    /// <summary>After an analysis that took <paramref name="bytes"/> of the budget ended.</summary>
    public void AfterAnalysis(long bytes)
    {
        if (bytes < LargeBytes || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                var wait = TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _lastTicks) + MinInterval.Ticks - clock.GetUtcNow().UtcTicks));
                await Task.Delay(wait, clock).ConfigureAwait(false);
                if (budget.InUse == 0)
                {
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    TrimNativeHeap();
                    Interlocked.Exchange(ref _lastTicks, clock.GetUtcNow().UtcTicks);
                }
            }
            finally
            {
                Interlocked.Exchange(ref _pending, 0);
            }
        });
    }

    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries without malloc_trim: nothing to give back this way.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
