using System.Buffers;
using System.Numerics.Tensors;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Search;

/// <summary>
/// An immutable in-memory snapshot of a gallery's descriptors for 1:N search: one contiguous row-major matrix
/// (rows L2-normalised for the cosine metric), the identity of each row, and each identity's centroid. Exact
/// search scans every row with TensorPrimitives; an approximate index (USearch) may be attached for large galleries.
/// Thread-safe.
/// </summary>
public sealed class GalleryIndex : IDisposable
{
    // Below this many rows one thread scans faster than the overhead of splitting the work.
    private const int ParallelRows = 32_768;

    private readonly float[] _matrix;
    private readonly int[] _identityOf;
    private readonly int[] _imageIds;
    private readonly string[] _hashes;
    private readonly (int Id, string Name)[] _identities;
    private readonly float[] _centroids;
    private readonly int[] _representative;
    private volatile ApproximateIndex? _approximate;
    private volatile bool _disposed;

    public GalleryIndex(int galleryId, string token, string signature, DistanceMetric metric, int dimensions, IReadOnlyList<GalleryIndexRow> rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        GalleryId = galleryId;
        Token = token;
        Signature = signature;
        Metric = metric;
        Dimensions = dimensions;
        Count = rows.Count;
        _matrix = new float[checked(rows.Count * dimensions)];
        _identityOf = new int[rows.Count];
        _imageIds = new int[rows.Count];
        _hashes = new string[rows.Count];
        var ordinals = new Dictionary<int, int>();
        var identities = new List<(int, string)>();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Descriptor.Length != dimensions)
            {
                throw new ArgumentException($"Row {r} has {row.Descriptor.Length} values, expected {dimensions}.", nameof(rows));
            }
            var target = _matrix.AsSpan(r * dimensions, dimensions);
            row.Descriptor.CopyTo(target);
            Prepare(target);
            if (!ordinals.TryGetValue(row.IdentityId, out var ordinal))
            {
                ordinal = identities.Count;
                ordinals.Add(row.IdentityId, ordinal);
                identities.Add((row.IdentityId, row.Identity));
            }
            _identityOf[r] = ordinal;
            _imageIds[r] = row.ImageId;
            _hashes[r] = row.ContentHash;
        }
        _identities = [.. identities];
        (_centroids, _representative) = Centroids();
    }

    public int GalleryId { get; }

    /// <summary>The gallery's change token when this snapshot was read.</summary>
    public string Token { get; }

    /// <summary>The pipeline signature of the descriptors.</summary>
    public string Signature { get; }

    public DistanceMetric Metric { get; }

    public int Dimensions { get; }

    /// <summary>Descriptors (rows).</summary>
    public int Count { get; }

    public int IdentityCount => _identities.Length;

    /// <summary>The approximate index once built (large galleries only); null until then.</summary>
    public ApproximateIndex? Approximate => _approximate;

    public int ImageIdOf(int row) => _imageIds[row];

    public int IdentityIdOf(int row) => _identities[_identityOf[row]].Id;

    /// <summary>The k nearest rows by brute force, nearest first.</summary>
    public Neighbour[] SearchExact(ReadOnlySpan<float> probe, int k)
    {
        var distances = ArrayPool<float>.Shared.Rent(Count);
        try
        {
            Scan(Normalised(probe), distances);
            var top = new TopK(Math.Max(1, Math.Min(k, Count)));
            for (var r = 0; r < Count; r++)
            {
                top.Offer(r, distances[r]);
            }
            return Count == 0 ? [] : top.Sorted();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(distances);
        }
    }

    /// <summary>The approximate index when there is one, else exact search.</summary>
    public Neighbour[] Search(ReadOnlySpan<float> probe, int k) =>
        _approximate?.Search(Normalised(probe), k) ?? SearchExact(probe, k);

    /// <summary>Whether <see cref="Identify"/> would use the approximate index.</summary>
    public bool UsesApproximate => _approximate is not null;

    /// <summary>
    /// The k nearest identities. Best-image scoring scans every row (or, with an approximate index, ranks the
    /// identities of its nearest rows); centroid scoring compares with each identity's mean descriptor.
    /// </summary>
    public IReadOnlyList<IdentityCandidate> Identify(ReadOnlySpan<float> probe, int k, IdentityScoring scoring, bool allowApproximate = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (Count == 0)
        {
            return [];
        }
        var q = Normalised(probe);
        var top = new TopK(Math.Min(k, IdentityCount));
        var rowOf = new int[IdentityCount];
        if (scoring == IdentityScoring.Centroid)
        {
            for (var i = 0; i < IdentityCount; i++)
            {
                top.Offer(i, Distance(_centroids.AsSpan(i * Dimensions, Dimensions), q));
                rowOf[i] = _representative[i];
            }
        }
        else if (allowApproximate && _approximate?.Search(q, Math.Min(Count, Math.Max(100, 10 * k))) is { } nearest)
        {
            // Enough rows that k different identities are almost surely among them.
            var best = new Dictionary<int, Neighbour>();
            foreach (var n in nearest)
            {
                var identity = _identityOf[n.Row];
                if (!best.TryGetValue(identity, out var seen) || n.Distance < seen.Distance)
                {
                    best[identity] = n;
                }
            }
            foreach (var (identity, n) in best)
            {
                top.Offer(identity, n.Distance);
                rowOf[identity] = n.Row;
            }
        }
        else
        {
            var distances = ArrayPool<float>.Shared.Rent(Count);
            try
            {
                Scan(q, distances);
                var best = new float[IdentityCount];
                Array.Fill(best, float.PositiveInfinity);
                for (var r = 0; r < Count; r++)
                {
                    var identity = _identityOf[r];
                    if (distances[r] < best[identity])
                    {
                        best[identity] = distances[r];
                        rowOf[identity] = r;
                    }
                }
                for (var i = 0; i < best.Length; i++)
                {
                    top.Offer(i, best[i]);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(distances);
            }
        }
        return top.Sorted().Select(n =>
        {
            var (id, name) = _identities[n.Row];
            var row = rowOf[n.Row];
            return new IdentityCandidate(id, name, n.Distance, DescriptorMath.Similarity(n.Distance, Metric), _imageIds[row], _hashes[row]);
        }).ToList();
    }

    /// <summary>Distance from the probe to every row, in one pass over the matrix.</summary>
    public float[] Distances(ReadOnlySpan<float> probe)
    {
        var result = new float[Count];
        Scan(Normalised(probe), result);
        return result;
    }

    // Writes the distances of the (prepared) probe to rows 0..Count-1 into destination.
    private void Scan(float[] q, float[] destination)
    {
        if (Count < ParallelRows)
        {
            for (var r = 0; r < Count; r++)
            {
                destination[r] = Distance(Row(r), q);
            }
            return;
        }
        var chunks = Environment.ProcessorCount * 2;
        var size = (Count + chunks - 1) / chunks;
        Parallel.For(0, chunks, c =>
        {
            var end = Math.Min(Count, (c + 1) * size);
            for (var r = c * size; r < end; r++)
            {
                destination[r] = Distance(Row(r), q);
            }
        });
    }

    /// <summary>Attaches (or replaces) the approximate index; built off the request path, as it is slow for large galleries.</summary>
    public void AttachApproximate(ApproximateIndex index)
    {
        if (_disposed)
        {
            // Replaced while the index was being built: nobody will search it.
            index.Dispose();
            return;
        }
        Interlocked.Exchange(ref _approximate, index)?.Dispose();
    }

    public ReadOnlySpan<float> Row(int r) => _matrix.AsSpan(r * Dimensions, Dimensions);

    private float Distance(ReadOnlySpan<float> row, ReadOnlySpan<float> q) =>
        Metric == DistanceMetric.Cosine ? 1 - TensorPrimitives.Dot(row, q) : TensorPrimitives.Distance(row, q);

    // Cosine: unit rows and probe turn the distance into 1 - dot.
    private void Prepare(Span<float> row)
    {
        if (Metric == DistanceMetric.Cosine)
        {
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
            }
        }
    }

    private float[] Normalised(ReadOnlySpan<float> probe)
    {
        if (probe.Length != Dimensions)
        {
            throw new ArgumentException($"The probe has {probe.Length} values; this gallery's descriptors have {Dimensions}.", nameof(probe));
        }
        var q = probe.ToArray();
        Prepare(q);
        return q;
    }

    private (float[] Centroids, int[] Representative) Centroids()
    {
        var sums = new float[_identities.Length * Dimensions];
        var counts = new int[_identities.Length];
        for (var r = 0; r < Count; r++)
        {
            var target = sums.AsSpan(_identityOf[r] * Dimensions, Dimensions);
            TensorPrimitives.Add(target, Row(r), target);
            counts[_identityOf[r]]++;
        }
        var representative = new int[_identities.Length];
        var nearest = new float[_identities.Length];
        Array.Fill(nearest, float.PositiveInfinity);
        for (var i = 0; i < counts.Length; i++)
        {
            var c = sums.AsSpan(i * Dimensions, Dimensions);
            TensorPrimitives.Divide(c, counts[i], c);
            Prepare(c);
        }
        for (var r = 0; r < Count; r++)
        {
            var i = _identityOf[r];
            var d = Distance(Row(r), sums.AsSpan(i * Dimensions, Dimensions));
            if (d < nearest[i])
            {
                nearest[i] = d;
                representative[i] = r;
            }
        }
        return (sums, representative);
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _approximate, null)?.Dispose();
    }
}
