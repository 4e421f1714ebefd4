using System.Numerics.Tensors;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Evaluation.Standards;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Evaluation;

public class OpenSetBySizeTests
{
    // 40 identities of three images and 400 strangers (identities of a single image), face-like, in 16 dimensions.
    private static (List<float[]> Data, List<int> Ids) Gallery()
    {
        var (clustered, labels) = RandomDescriptors.Clustered(identities: 40, perIdentity: 3, dimensions: 16, seed: 3);
        var data = clustered.ToList();
        var ids = labels.ToList();
        var (strangers, _) = RandomDescriptors.Clustered(identities: 400, perIdentity: 1, dimensions: 16, seed: 4);
        for (var s = 0; s < strangers.Length; s++)
        {
            data.Add(strangers[s]);
            ids.Add(10_000 + s);
        }
        return (data, ids);
    }

    [Fact]
    public void EvaluateBySize_NestedSubsets_ThresholdsMeetTheTargetAndTightenWithN()
    {
        var (data, ids) = Gallery();

        var r = IdentificationEvaluator.EvaluateBySize(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, candidates: 5, seed: 1, [0.05], CancellationToken.None);

        Assert.Equal([OpenSetIdentification.FrteFpir, 0.05], r.TargetFpirs);
        Assert.Equal([4, 10, 20, 40], r.Sizes.Select(s => s.Identities));
        Assert.Equal([4, 10, 20, 40], r.Sizes.Select(s => s.MatedSearches));
        Assert.All(r.Sizes, s => Assert.Equal(400, s.NonMatedSearches));
        foreach (var size in r.Sizes)
        {
            Assert.All(size.AtFpir, a => Assert.True(a.Fpir <= a.TargetFpir, $"FPIR {a.Fpir} above target {a.TargetFpir} at N={size.Identities}"));
            Assert.All(size.AtFpir, a => Assert.NotNull(a.Threshold));
            Assert.True(size.InvestigationMissAtCandidates <= size.InvestigationMissRank1);
        }
        // The galleries are nested and the strangers the same: every stranger's nearest identity can only come closer
        // as N grows, so the threshold for a fixed FPIR can only shrink (FPIR(N, T) grows with N).
        for (var target = 0; target < r.TargetFpirs.Count; target++)
        {
            var thresholds = r.Sizes.Select(s => s.AtFpir[target].Threshold!.Value).ToArray();
            for (var i = 1; i < thresholds.Length; i++)
            {
                Assert.True(thresholds[i] <= thresholds[i - 1], $"threshold {thresholds[i]} at size {i} above {thresholds[i - 1]}");
            }
        }
        // A looser target admits a larger threshold and so misses no more mates.
        Assert.All(r.Sizes, s => Assert.True(s.AtFpir[1].Threshold >= s.AtFpir[0].Threshold && s.AtFpir[1].Fnir <= s.AtFpir[0].Fnir));
        // Predicted FPIR grows with N, from the measured gallery size on.
        Assert.NotNull(r.MeasuredFmr);
        Assert.Equal(40, r.Predicted[0].Identities);
        Assert.Equal(OpenSetIdentification.PredictedFpir(r.MeasuredFmr!.Value, 1_000_000), r.Predicted.Single(p => p.Identities == 1_000_000).Fpir);
        for (var i = 1; i < r.Predicted.Count; i++)
        {
            Assert.True(r.Predicted[i].Fpir >= r.Predicted[i - 1].Fpir);
        }
    }

    [Fact]
    public void EvaluateBySize_Curves_AscendInDistanceAndAgreeWithTheTargetRows()
    {
        var (data, ids) = Gallery();

        var r = IdentificationEvaluator.EvaluateBySize(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, candidates: 5, seed: 1, [0.05], CancellationToken.None);

        foreach (var size in r.Sizes)
        {
            var curve = size.Curve;
            Assert.InRange(curve.Count, 2, IdentificationEvaluator.CurvePoints);
            for (var i = 1; i < curve.Count; i++)
            {
                // A looser (larger) distance threshold accepts more: FPIR can only rise, FNIR only fall.
                Assert.True(curve[i].Threshold >= curve[i - 1].Threshold);
                Assert.True(curve[i].Fpir >= curve[i - 1].Fpir);
                Assert.True(curve[i].Fnir <= curve[i - 1].Fnir);
            }
            // The curve passes through the trade-off the table reports: any point with FPIR at most the target misses
            // at least as many mates as the table's row (which takes the loosest threshold within the target).
            var row = size.AtFpir[1];
            Assert.All(curve.Where(p => p.Fpir <= row.TargetFpir), p => Assert.True(p.Fnir >= row.Fnir!.Value - 1e-12));
        }
    }

    [Fact]
    public void EvaluateBySize_WholeGallery_MatchesANaiveNearestNeighbourCount()
    {
        var (data, ids) = Gallery();
        var r = IdentificationEvaluator.EvaluateBySize(data, ids, DistanceMetric.Euclidean, IdentityScoring.BestImage, candidates: 3, seed: 1, [0.05], CancellationToken.None);
        var whole = r.Sizes[^1];
        var at = whole.AtFpir[1];

        // Naively: the same split as IdentificationEvaluator (seed 1), brute-force Euclidean distances.
        var random = new Random(1);
        var gallery = new List<(float[] D, int Id)>();
        var probes = new List<(float[] D, int Id)>();
        var strangers = new List<float[]>();
        foreach (var g in Enumerable.Range(0, data.Count).GroupBy(i => ids[i]).OrderBy(g => g.Key))
        {
            var rows = g.ToArray();
            if (rows.Length == 1)
            {
                strangers.Add(data[rows[0]]);
                continue;
            }
            var probe = rows[random.Next(rows.Length)];
            probes.Add((data[probe], g.Key));
            gallery.AddRange(rows.Where(x => x != probe).Select(x => (data[x], g.Key)));
        }
        // In float, as the index measures, so that the stranger on the threshold's edge falls on the same side.
        static double Distance(float[] a, float[] b) => TensorPrimitives.Distance<float>(a, b);
        var t = at.Threshold!.Value;
        var falsePositives = strangers.Count(s => gallery.Min(g => Distance(s, g.D)) <= t);
        Assert.True(falsePositives <= Math.Floor(0.05 * strangers.Count));
        Assert.Equal((double)falsePositives / strangers.Count, at.Fpir!.Value, 6);
        var misses = probes.Count(p =>
        {
            var nearest = gallery.MinBy(g => Distance(p.D, g.D));
            return nearest.Id != p.Id || Distance(p.D, nearest.D) > t;
        });
        Assert.Equal((double)misses / probes.Count, at.Fnir!.Value, 6);
    }

    [Fact]
    public void EvaluateBySize_NoStrangers_LeavesFpirUnmeasuredAndPredictsNothing()
    {
        var (data, ids) = RandomDescriptors.Clustered(identities: 10, perIdentity: 2, dimensions: 8, seed: 2);

        var r = IdentificationEvaluator.EvaluateBySize(data, ids, DistanceMetric.Euclidean, IdentityScoring.Centroid, 3, 1, [], CancellationToken.None);

        Assert.All(r.Sizes, s => Assert.All(s.AtFpir, a => Assert.Null(a.Fpir)));
        Assert.Null(r.MeasuredFmr);
        Assert.Empty(r.Predicted);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            IdentificationEvaluator.EvaluateBySize(data, ids, DistanceMetric.Euclidean, IdentityScoring.Centroid, 3, 1, [1.5], CancellationToken.None));
    }
}
