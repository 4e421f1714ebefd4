using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Exact duplicates (same content hash) and near duplicates (primary faces closer than a threshold), within and
/// across identities. Pure: the caller loads the gallery's hashes and descriptors.
/// </summary>
public static class DuplicateFinder
{
    // Beyond this many near pairs the search stops collecting (a gallery of copies would list n²/2 of them).
    private const int CollectLimit = 200_000;

    public static IReadOnlyList<DuplicatePair> Find(IReadOnlyList<HashedImage> images, IReadOnlyList<DescriptorPoint> points, double threshold,
        DistanceMetric metric, int maxPairs, CancellationToken cancellationToken)
    {
        var exact = Exact(images);
        var hashOf = images.ToDictionary(i => i.ImageId, i => i.ContentHash);
        var near = Near(points, threshold, metric, cancellationToken)
            .Where(p => !(hashOf.TryGetValue(p.ImageA, out var a) && hashOf.TryGetValue(p.ImageB, out var b) && a == b));
        return exact.Concat(near.OrderBy(p => p.Distance)).Take(maxPairs).ToList();
    }

    /// <summary>Images sharing a hash: each copy paired with the first (lowest id) of its group.</summary>
    public static IReadOnlyList<DuplicatePair> Exact(IReadOnlyList<HashedImage> images) =>
        images.GroupBy(i => i.ContentHash, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .SelectMany(g =>
            {
                var ordered = g.OrderBy(i => i.ImageId).ToList();
                var first = ordered[0];
                return ordered.Skip(1).Select(i => new DuplicatePair(first.ImageId, i.ImageId, first.IdentityId, i.IdentityId, 0, Exact: true));
            })
            .ToList();

    /// <summary>Every pair of descriptors (of one model and length) closer than <paramref name="threshold"/>.</summary>
    public static IReadOnlyList<DuplicatePair> Near(IReadOnlyList<DescriptorPoint> points, double threshold, DistanceMetric metric, CancellationToken cancellationToken)
    {
        if (points.Count < 2)
        {
            return [];
        }
        var dim = points[0].Descriptor.Length;
        if (points.Any(p => p.Descriptor.Length != dim))
        {
            throw new ArgumentException("Descriptors of different lengths cannot be compared.", nameof(points));
        }
        // One contiguous block: each row is compared with the rows after it.
        var packed = new float[points.Count * dim];
        for (var i = 0; i < points.Count; i++)
        {
            points[i].Descriptor.CopyTo(packed, i * dim);
        }
        var rows = new List<DuplicatePair>?[points.Count];
        var found = 0;
        Parallel.For(0, points.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            if (Volatile.Read(ref found) >= CollectLimit)
            {
                return;
            }
            var a = packed.AsSpan(i * dim, dim);
            List<DuplicatePair>? list = null;
            for (var j = i + 1; j < points.Count; j++)
            {
                var d = DescriptorMath.Distance(a, packed.AsSpan(j * dim, dim), metric);
                if (d < threshold)
                {
                    // The lower image id first, so a pair reads the same whatever order the points came in.
                    var (p, q) = points[i].ImageId < points[j].ImageId ? (points[i], points[j]) : (points[j], points[i]);
                    (list ??= []).Add(new DuplicatePair(p.ImageId, q.ImageId, p.IdentityId, q.IdentityId, d, Exact: false));
                }
            }
            if (list is not null)
            {
                rows[i] = list;
                Interlocked.Add(ref found, list.Count);
            }
        });
        return rows.Where(r => r is not null).SelectMany(r => r!).ToList();
    }
}
