using System.Text.Json;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.PairSets;

/// <summary>
/// Generates a large pair set in the background: draws (the first half of the progress), then stores (the second
/// half) in one transaction, so a cancelled or interrupted job leaves nothing. After a restart the job runs again:
/// the same request and seed draw the same set, and a set it had already stored is found by its job id.
/// </summary>
public sealed class PairSetJobHandler(PairSetGeneration generation) : IJobHandler
{
    public const string JobKind = "pairset-generate";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => JobKind;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (await generation.SetOfJobAsync(context.JobId, cancellationToken) is { } done)
        {
            await context.ReportAsync(1, 1, Finished(done), cancellationToken, force: true);
            return;
        }
        var request = JsonSerializer.Deserialize<GeneratePairSetRequest>(context.Parameters, Json)
            ?? throw new InvalidOperationException("The job has no pair-set request.");
        var expected = (int)Math.Max(1, await generation.ExpectedPairsAsync(request, cancellationToken));
        var drawn = new Counter();
        var stored = new Counter();
        await context.ReportAsync(0, 2 * expected, "drawing pairs", cancellationToken, force: true);
        var work = Task.Run(() => generation.GenerateForJobAsync(request, context.User, context.JobId, drawn, stored, cancellationToken), cancellationToken);
        while (await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None)) != work)
        {
            var (d, s) = (Math.Min(drawn.Value, expected), Math.Min(stored.Value, expected));
            var message = s > 0 ? $"storing pairs: {s:N0} of ~{expected:N0}" : $"drawing pairs: {d:N0} of ~{expected:N0}";
            await context.ReportAsync((int)(s > 0 ? expected + s : d), 2 * expected, message, cancellationToken);
        }
        var set = await work;
        await context.ReportAsync(2 * expected, 2 * expected, Finished(set), cancellationToken, force: true);
    }

    private static string Finished(PairSetSummary set) =>
        $"pair set {set.Id} '{set.Name}': {set.Positives:N0} genuine, {set.Negatives:N0} impostor pairs";

    /// <summary>The latest count the drawing or the storing reported (read by the progress loop).</summary>
    private sealed class Counter : IProgress<long>
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Report(long value) => Interlocked.Exchange(ref _value, value);
    }
}
