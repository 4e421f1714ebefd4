using System.Numerics.Tensors;
using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// Suspected mislabels: an image is flagged when its primary face is nearer the centroid of another identity than
/// the centroid of its own identity computed without it. Identities with a single image have no centroid without
/// it, so their images are never flagged (they still count as "another identity"). Pure.
/// </summary>
public static class MislabelFinder
{
    public static IReadOnlyList<MislabelSuspect> Find(IReadOnlyList<DescriptorPoint> points, DistanceMetric metric, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return [];
        }
        var dim = points[0].Descriptor.Length;
        if (points.Any(p => p.Descriptor.Length != dim))
        {
            throw new ArgumentException("Descriptors of different lengths cannot be compared.", nameof(points));
        }
        var groups = points.GroupBy(p => p.IdentityId).ToList();
        if (groups.Count < 2)
        {
            return [];
        }
        var ids = groups.Select(g => g.Key).ToArray();
        var counts = groups.Select(g => g.Count()).ToArray();
        var sums = new float[ids.Length * dim];
        var centroids = new float[ids.Length * dim];
        var slot = new Dictionary<int, int>();
        for (var k = 0; k < ids.Length; k++)
        {
            slot[ids[k]] = k;
            var sum = sums.AsSpan(k * dim, dim);
            foreach (var p in groups[k])
            {
                TensorPrimitives.Add(sum, p.Descriptor, sum);
            }
            TensorPrimitives.Divide(sum, counts[k], centroids.AsSpan(k * dim, dim));
        }

        var suspects = new MislabelSuspect?[points.Count];
        Parallel.For(0, points.Count, new ParallelOptions { CancellationToken = cancellationToken }, () => new float[dim], (i, _, own) =>
        {
            var p = points[i];
            var k = slot[p.IdentityId];
            if (counts[k] < 2)
            {
                return own;
            }
            // The identity's centroid without this image: (sum - x) / (n - 1).
            TensorPrimitives.Subtract(sums.AsSpan(k * dim, dim), p.Descriptor, own);
            TensorPrimitives.Divide(own, counts[k] - 1, own);
            var ownDistance = DescriptorMath.Distance(p.Descriptor, own, metric);
            var best = -1;
            var bestDistance = double.MaxValue;
            for (var o = 0; o < ids.Length; o++)
            {
                if (o == k)
                {
                    continue;
                }
                var d = DescriptorMath.Distance(p.Descriptor, centroids.AsSpan(o * dim, dim), metric);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = o;
                }
            }
            if (best >= 0 && bestDistance < ownDistance)
            {
                suspects[i] = new MislabelSuspect(p.ImageId, p.IdentityId, ownDistance, ids[best], bestDistance);
            }
            return own;
        }, _ => { });
        return suspects.Where(s => s is not null).Select(s => s!).OrderByDescending(s => s.Margin).ToList();
    }
}
