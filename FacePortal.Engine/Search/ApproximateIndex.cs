using System.Diagnostics;
using Cloud.Unum.USearch;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Search;

/// <summary>
/// An HNSW index (USearch) over a <see cref="GalleryIndex"/>'s rows (key = row), with its recall@10 against
/// exact search measured when built. Searches are serialised (a search takes about a millisecond).
/// </summary>
public sealed class ApproximateIndex : IDisposable
{
    private readonly USearchIndex _index;
    private readonly DistanceMetric _metric;
    private readonly Lock _gate = new();
    private bool _disposed;

    private ApproximateIndex(USearchIndex index, DistanceMetric metric)
    {
        _index = index;
        _metric = metric;
    }

    /// <summary>Mean share of the exact 10 nearest neighbours (each sampled row left out) that the approximate search also returns.</summary>
    public double RecallAt10 { get; private set; }

    public int RecallQueries { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public static ApproximateIndex Build(GalleryIndex gallery, ApproximateIndexOptions options, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var metric = gallery.Metric == DistanceMetric.Cosine ? MetricKind.Cos : MetricKind.L2sq;
        var index = new USearchIndex(metric, ScalarKind.Float32, (ulong)gallery.Dimensions, (ulong)options.Connectivity,
            (ulong)options.ExpansionAdd, (ulong)options.ExpansionSearch, false);
        var result = new ApproximateIndex(index, gallery.Metric);
        try
        {
            AddRows(index, gallery, options.BuildThreads, cancellationToken);
            result.BuildTime = Stopwatch.GetElapsedTime(start);
            (result.RecallAt10, result.RecallQueries) = MeasureRecall(gallery, result, options.RecallSample);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    // USearch copies each vector. With the capacity reserved once, rows go in on several threads (USearch's add is
    // thread-safe within the reserved thread count); without the native handle, in batches (one reservation each).
    private static void AddRows(USearchIndex index, GalleryIndex gallery, int threads, CancellationToken cancellationToken)
    {
        const int Chunk = 4096;
        if (USearchNative.Available)
        {
            threads = Math.Max(1, threads);
            USearchNative.Reserve(index, gallery.Count, threads);
            var chunks = (gallery.Count + Chunk - 1) / Chunk;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, c =>
            {
                var buffer = new float[gallery.Dimensions];
                for (var r = c * Chunk; r < Math.Min(gallery.Count, (c + 1) * Chunk); r++)
                {
                    gallery.Row(r).CopyTo(buffer);
                    index.Add((ulong)r, buffer);
                }
            });
            return;
        }
        for (var first = 0; first < gallery.Count; first += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(Chunk, gallery.Count - first);
            var keys = new ulong[count];
            var vectors = new float[count][];
            for (var i = 0; i < count; i++)
            {
                keys[i] = (ulong)(first + i);
                vectors[i] = gallery.Row(first + i).ToArray();
            }
            index.Add(keys, vectors);
        }
    }

    /// <summary>Writes the graph (USearch's own format) to <paramref name="path"/>; <see cref="Load"/> reads it back.</summary>
    public void Save(string path)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _index.Save(path);
        }
    }

    /// <summary>
    /// An index saved by <see cref="Save"/> for <paramref name="gallery"/>'s rows, with the recall measured when it was
    /// built. The caller vouches for the file (USearch trusts what it loads): it must be the very file saved for these
    /// rows, checked by length and digest. Throws when USearch rejects it or its size or dimensions do not match.
    /// </summary>
    public static ApproximateIndex Load(string path, GalleryIndex gallery, ApproximateIndexOptions options, double recallAt10, int recallQueries)
    {
        var start = Stopwatch.GetTimestamp();
        var index = new USearchIndex(path);
        var result = new ApproximateIndex(index, gallery.Metric);
        try
        {
            if (index.Size() != (ulong)gallery.Count || index.Dimensions() != (ulong)gallery.Dimensions)
            {
                throw new InvalidDataException($"The saved index holds {index.Size()} x {index.Dimensions()}, the gallery {gallery.Count} x {gallery.Dimensions}.");
            }
            if (USearchNative.Available)
            {
                USearchNative.SetExpansionSearch(index, options.ExpansionSearch);
            }
            result.RecallAt10 = recallAt10;
            result.RecallQueries = recallQueries;
            result.BuildTime = Stopwatch.GetElapsedTime(start);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The k nearest rows (nearest first); the probe must be prepared as the gallery's rows are (unit length for
    /// cosine). Null once disposed (the gallery changed meanwhile): the caller falls back to exact search.
    /// </summary>
    public Neighbour[]? Search(float[] probe, int k)
    {
        int found;
        ulong[] keys;
        float[] distances;
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }
            found = _index.Search(probe, k, out keys, out distances);
        }
        var result = new Neighbour[found];
        for (var i = 0; i < found; i++)
        {
            // L2sq gives squared distances; the portal's Euclidean distance is the root.
            var d = _metric == DistanceMetric.Euclidean ? MathF.Sqrt(Math.Max(0, distances[i])) : distances[i];
            result[i] = new Neighbour((int)keys[i], d);
        }
        return result;
    }

    /// <summary>Leave-one-out recall@10 over a seeded sample of the gallery's own rows.</summary>
    public static (double Recall, int Queries) MeasureRecall(GalleryIndex gallery, ApproximateIndex approximate, int sample)
    {
        if (gallery.Count < 12 || sample <= 0)
        {
            return (1, 0);
        }
        var random = new Random(12345);
        var queries = Math.Min(sample, gallery.Count);
        double hits = 0;
        for (var q = 0; q < queries; q++)
        {
            var row = random.Next(gallery.Count);
            var probe = gallery.Row(row).ToArray();
            var exact = gallery.SearchExact(probe, 11).Where(n => n.Row != row).Take(10).Select(n => n.Row).ToHashSet();
            var found = (approximate.Search(probe, 11) ?? []).Where(n => n.Row != row).Take(10);
            hits += found.Count(n => exact.Contains(n.Row)) / 10.0;
        }
        return (hits / queries, queries);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _index.Dispose();
            }
        }
    }
}
