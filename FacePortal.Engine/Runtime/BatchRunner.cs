namespace FacePortal.Engine.Runtime;

/// <summary>
/// Feeds many items through one network in batches: fills each batch's input in parallel (preprocessing is
/// per item), runs it once, and hands each item its slice of every output.
/// </summary>
public static class BatchRunner
{
    public delegate void Fill(int item, Span<float> input);

    public delegate void Consume(int item, IReadOnlyList<ReadOnlyMemory<float>> outputs);

    public static void Run(OnnxNetwork network, int count, int batchSize, Fill fill, Consume consume, CancellationToken cancellationToken)
    {
        var itemSize = network.ItemSize;
        var batch = network.FixedBatch ?? Math.Max(1, batchSize);
        var buffer = new float[(network.FixedBatch ?? Math.Min(batch, Math.Max(1, count))) * itemSize];
        for (var start = 0; start < count; start += batch)
        {
            var n = Math.Min(batch, count - start);
            Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                fill(start + i, buffer.AsSpan(i * itemSize, itemSize)));
            // Padding rows keep whatever the previous batch left there; their outputs are dropped.
            var run = network.FixedBatch ?? n;
            var outputs = network.Run(buffer, run, cancellationToken);
            for (var i = 0; i < n; i++)
            {
                var slices = new ReadOnlyMemory<float>[outputs.Length];
                for (var o = 0; o < outputs.Length; o++)
                {
                    var per = outputs[o].Length / run;
                    slices[o] = outputs[o].AsMemory(i * per, per);
                }
                consume(start + i, slices);
            }
        }
    }
}
