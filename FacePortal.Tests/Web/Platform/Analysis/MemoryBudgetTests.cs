using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Tests.Web.Platform.Analysis;

public class MemoryBudgetTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Take_WithinCapacity_IsGrantedAtOnceAndGivenBackOnDispose()
    {
        var budget = new MemoryBudget(100);

        var a = await budget.TryTakeAsync(60, TimeSpan.Zero, CancellationToken.None);
        var b = await budget.TryTakeAsync(40, TimeSpan.Zero, CancellationToken.None);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Equal(100, budget.InUse);
        a!.Dispose();
        a.Dispose(); // twice gives back once
        Assert.Equal(40, budget.InUse);
        b!.Dispose();
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task Take_WhenFull_TimesOutWithNullAndLeavesNothingTaken()
    {
        var budget = new MemoryBudget(100);
        using var held = await budget.TryTakeAsync(80, TimeSpan.Zero, CancellationToken.None);

        var refused = await budget.TryTakeAsync(30, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Null(refused);
        Assert.Equal(80, budget.InUse);
    }

    [Fact]
    public async Task Take_WhenFull_IsGrantedAsSoonAsEnoughIsGivenBack()
    {
        var budget = new MemoryBudget(100);
        var held = await budget.TryTakeAsync(80, TimeSpan.Zero, CancellationToken.None);

        var waiting = budget.TryTakeAsync(30, Long, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        held!.Dispose();

        using var granted = await waiting;
        Assert.NotNull(granted);
        Assert.Equal(30, budget.InUse);
    }

    [Fact]
    public async Task Take_LargerThanTheWholeBudget_RunsOnceAlone()
    {
        var budget = new MemoryBudget(100);
        var small = await budget.TryTakeAsync(10, TimeSpan.Zero, CancellationToken.None);

        var huge = budget.TryTakeAsync(5_000, Long, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(huge.IsCompleted);
        small!.Dispose();

        using var granted = await huge;
        Assert.NotNull(granted);
        Assert.Equal(100, budget.InUse);
    }

    [Fact]
    public async Task Take_QueuedLargeRequest_IsNotStarvedBySmallOnesArrivingAfterIt()
    {
        var budget = new MemoryBudget(100);
        var first = await budget.TryTakeAsync(60, TimeSpan.Zero, CancellationToken.None);

        var large = budget.TryTakeAsync(95, Long, CancellationToken.None);
        // Would fit now (60 + 10), but the large one queued first.
        var small = budget.TryTakeAsync(10, Long, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(small.IsCompleted);

        first!.Dispose();
        var largeLease = await large;
        Assert.NotNull(largeLease);
        // 95 + 10 does not fit: the small one still waits for the large one to finish.
        await Task.Delay(50);
        Assert.False(small.IsCompleted);
        largeLease!.Dispose();
        using var smallLease = await small;
        Assert.NotNull(smallLease);
    }

    [Fact]
    public async Task Take_Cancelled_ThrowsAndLeavesTheQueue()
    {
        var budget = new MemoryBudget(100);
        var held = await budget.TryTakeAsync(100, TimeSpan.Zero, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = budget.TryTakeAsync(50, Long, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held!.Dispose();
        Assert.Equal(0, budget.InUse);
        using var next = await budget.TryTakeAsync(100, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task Take_ManyConcurrent_NeverExceedsTheCapacity()
    {
        var budget = new MemoryBudget(100);
        var peak = 0L;
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            using var lease = await budget.TryTakeAsync(10 + i % 5 * 10, Long, CancellationToken.None);
            Assert.NotNull(lease);
            var now = budget.InUse;
            InterlockedMax(ref peak, now);
            await Task.Delay(2);
        })).ToArray();

        await Task.WhenAll(tasks);

        Assert.InRange(peak, 10, 100);
        Assert.Equal(0, budget.InUse);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
