using System.Numerics.Tensors;
using FacePortal.Engine.Curation;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// One pass over a gallery's faces that finds everything the curation pages list: each face's k nearest neighbours
/// (an exact scan, or the approximate HNSW index from <see cref="ApproximateIndex"/> for large galleries) make one
/// neighbour graph, and near duplicates, suspected mislabels and the five defect lists of <see cref="GalleryDefects"/>
/// are read off it, never by comparing all pairs. Pure: the caller loads the faces and stores the result.
/// </summary>
public static class GalleryAnalyzer
{
    /// <summary>The result, whether the approximate index was used, and its measured recall@10 (NaN for exact).</summary>
    public sealed record Outcome(GalleryAnalysisResult Result, bool Approximate, double Recall);

    public static Outcome Analyse(IReadOnlyList<AnalysisFace> faces, IReadOnlyList<HashedImage> images, DistanceMetric metric, double threshold,
        GalleryOptions options, Action<int, int, string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        var report = progress ?? ((_, _, _) => { });
        var set = DescriptorSet.From([.. faces.Select(f => f.Vector)], metric);
        // One graph serves near duplicates (up to the stored ceiling) and defects (up to the threshold).
        var reach = Math.Max(threshold, options.AnalysisNearCeiling);
        var approximate = options.AnalysisApproximateAbove > 0 && faces.Count >= options.AnalysisApproximateAbove;
        var recall = double.NaN;
        NeighbourGraph graph;
        if (approximate)
        {
            (graph, recall) = ApproximateGraph(set, options.AnalysisNeighbours, reach, report, cancellationToken);
        }
        else
        {
            report(0, faces.Count, "exact neighbour scan");
            graph = NeighbourGraph.Exact(set, options.AnalysisNeighbours, reach, cancellationToken);
        }
        report(faces.Count, faces.Count, "duplicates and mislabels");
        var result = new GalleryAnalysisResult
        {
            Duplicates = Duplicates(faces, images, graph, options.AnalysisNearCeiling, options.AnalysisMaxStored),
            Mislabels = [.. (approximate ? IndexedMislabels(faces, set, graph, cancellationToken) : MislabelFinder.Find(
                [.. faces.Select(f => new DescriptorPoint(f.ImageId, f.IdentityId, f.Vector))], metric, cancellationToken)).Take(options.AnalysisMaxStored)],
        };
        cancellationToken.ThrowIfCancellationRequested();
        report(faces.Count, faces.Count, "defects");
        var curated = faces.Select(f => new CuratedFace(f.ImageId, f.IdentityId, 0, f.Quality)).ToList();
        result = result with
        {
            Zoo = [.. GalleryDefects.Zoo(curated, graph, threshold)],
            MixedIdentities = [.. GalleryDefects.MixedIdentities(curated, set, threshold)],
            DuplicateNames = [.. GalleryDefects.DuplicateNames(curated, set, threshold, cancellationToken).Take(options.AnalysisMaxStored)],
            SamePhotoConflicts = SamePhoto(faces),
            HarmfulTemplates = [.. GalleryDefects.HarmfulTemplates(curated, set, graph, threshold).Take(options.AnalysisMaxStored)],
        };
        return new Outcome(result, approximate, recall);
    }

    private static (NeighbourGraph Graph, double Recall) ApproximateGraph(DescriptorSet set, int k, double reach,
        Action<int, int, string> report, CancellationToken ct)
    {
        report(0, set.Count, "building the approximate index");
        // A lighter graph than 1:N search's (every row is added and queried once, for a small k); its recall@10 is
        // measured and stored with the result.
        return NeighbourGraph.Approximate(set, k, reach, ApproximateIndexOptions.Default with { Connectivity = 16, ExpansionAdd = 64, ExpansionSearch = Math.Max(64, 8 * k) },
            r => report(r, set.Count, "neighbours from the approximate index"), ct);
    }

    /// <summary>Exact copies (same hash, all images) first, then near pairs of the graph below the ceiling, nearest first.</summary>
    private static List<DuplicatePair> Duplicates(IReadOnlyList<AnalysisFace> faces, IReadOnlyList<HashedImage> images, NeighbourGraph graph, double ceiling, int max)
    {
        var near = new List<DuplicatePair>();
        for (var i = 0; i < faces.Count; i++)
        {
            foreach (var (j, d) in graph.Neighbours(i))
            {
                // Each undirected edge once; a pair of one file is listed as exact instead.
                if (j <= i || d >= ceiling || faces[i].ContentHash == faces[j].ContentHash)
                {
                    continue;
                }
                var (p, q) = faces[i].ImageId < faces[j].ImageId ? (faces[i], faces[j]) : (faces[j], faces[i]);
                near.Add(new DuplicatePair(p.ImageId, q.ImageId, p.IdentityId, q.IdentityId, d, Exact: false));
            }
        }
        return [.. DuplicateFinder.Exact(images).Concat(near.OrderBy(p => p.Distance).ThenBy(p => p.ImageA).ThenBy(p => p.ImageB)).Take(max)];
    }

    /// <summary>
    /// <see cref="MislabelFinder"/>'s rule with the other identities limited to those of the face's neighbours: at
    /// 100k faces comparing every face with every centroid is what the index is there to avoid.
    /// </summary>
    private static IEnumerable<MislabelSuspect> IndexedMislabels(IReadOnlyList<AnalysisFace> faces, DescriptorSet set, NeighbourGraph graph, CancellationToken ct)
    {
        var rowsOf = faces.Select((f, r) => (f.IdentityId, r)).GroupBy(x => x.IdentityId).ToDictionary(g => g.Key, g => g.Select(x => x.r).ToArray());
        var sums = rowsOf.ToDictionary(g => g.Key, g =>
        {
            var sum = new float[set.Dimension];
            foreach (var r in g.Value)
            {
                TensorPrimitives.Add(sum, set.Row(r), sum);
            }
            return sum;
        });
        var centroids = sums.ToDictionary(s => s.Key, s =>
        {
            var mean = new float[set.Dimension];
            TensorPrimitives.Divide(s.Value, rowsOf[s.Key].Length, mean);
            return mean;
        });
        var suspects = new MislabelSuspect?[faces.Count];
        Parallel.For(0, faces.Count, new ParallelOptions { CancellationToken = ct }, () => new float[set.Dimension], (r, _, own) =>
        {
            var face = faces[r];
            var n = rowsOf[face.IdentityId].Length;
            if (n < 2)
            {
                return own;
            }
            TensorPrimitives.Subtract(sums[face.IdentityId], set.Row(r), own);
            TensorPrimitives.Divide(own, n - 1, own);
            var ownDistance = DescriptorMath.Distance(set.Row(r), own, set.Metric);
            var best = -1;
            var bestDistance = double.MaxValue;
            foreach (var other in graph.Neighbours(r).Select(x => faces[x.Node].IdentityId).Where(id => id != face.IdentityId).Distinct())
            {
                var d = DescriptorMath.Distance(set.Row(r), centroids[other], set.Metric);
                if (d < bestDistance)
                {
                    (best, bestDistance) = (other, d);
                }
            }
            if (best >= 0 && bestDistance < ownDistance)
            {
                suspects[r] = new MislabelSuspect(face.ImageId, face.IdentityId, ownDistance, best, bestDistance);
            }
            return own;
        }, _ => { });
        return suspects.Where(s => s is not null).Select(s => s!).OrderByDescending(s => s.Margin);
    }

    /// <summary>
    /// Images of one file filed under one identity with different primary faces: two faces of one photo are two
    /// people, so at most one can be that identity. (Copies standing for the same face are duplicates instead.)
    /// </summary>
    private static List<SamePhotoConflict> SamePhoto(IReadOnlyList<AnalysisFace> faces)
    {
        var photos = faces.Select(f => f.ContentHash).Distinct(StringComparer.Ordinal).Select((h, k) => (h, k)).ToDictionary(x => x.h, x => x.k, StringComparer.Ordinal);
        var distinctFaces = faces.GroupBy(f => (f.ContentHash, f.IdentityId, f.FaceIndex)).Select(g => g.OrderBy(f => f.ImageId).First())
            .Select(f => new CuratedFace(f.ImageId, f.IdentityId, photos[f.ContentHash], f.Quality)).ToList();
        return [.. GalleryDefects.SamePhotoConflicts(distinctFaces)];
    }
}
