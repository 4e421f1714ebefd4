using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Tests.Engine.Evaluation.Standards;

public class DemographicDifferentialsTests
{
    /// <summary>
    /// Two groups of 20 subjects (F = 0..19, M = 20..39). Impostors within F score higher than within M, so at one
    /// global threshold F's FMR is the larger; genuines of M score lower, so M's FNMR is the larger.
    /// </summary>
    private static (List<SubjectPair> Pairs, List<int> A, List<int> B) Planted()
    {
        var random = new Random(3);
        var pairs = new List<SubjectPair>();
        var ga = new List<int>();
        var gb = new List<int>();
        int Group(int s) => s < 20 ? 0 : 1;
        for (var s = 0; s < 40; s++)
        {
            for (var k = 0; k < 10; k++)
            {
                pairs.Add(new SubjectPair((Group(s) == 0 ? 0.8 : 0.6) + (random.NextDouble() * 0.3), true, s, s));
                ga.Add(Group(s));
                gb.Add(Group(s));
            }
            for (var k = 0; k < 40; k++)
            {
                var t = random.Next(40);
                if (t == s)
                {
                    continue;
                }
                var sameGroup = Group(t) == Group(s);
                var boost = sameGroup && Group(s) == 0 ? 0.25 : 0;
                pairs.Add(new SubjectPair(0.2 + boost + (random.NextDouble() * 0.4), false, s, t));
                ga.Add(Group(s));
                gb.Add(Group(t));
            }
        }
        return (pairs, ga, gb);
    }

    [Fact]
    public void Compute_PlantedDifferential_FindsTheWorseGroups()
    {
        var (pairs, a, b) = Planted();

        var report = DemographicDifferentials.Compute(pairs, a, b, ["F", "M"], targetFmr: 0.01, resamples: 100);

        var f = report.Groups.Single(g => g.Group == "F");
        var m = report.Groups.Single(g => g.Group == "M");
        Assert.True(f.Fmr.Estimate > m.Fmr.Estimate, $"F FMR {f.Fmr.Estimate} vs M {m.Fmr.Estimate}");
        Assert.True(m.Fnmr.Estimate > f.Fnmr.Estimate, $"M FNMR {m.Fnmr.Estimate} vs F {f.Fnmr.Estimate}");
        Assert.True(report.GlobalFmr <= 0.01);
        Assert.Equal(report.FmrHeatmap[0][1], report.FmrHeatmap[1][0]);
        Assert.Equal(f.Fmr.Estimate, report.FmrHeatmap[0][0], 12);
        Assert.True(report.FmrMaxOverGeoMean > 1);
        Assert.True(report.Log10RatioToTarget(0, 0) > 0); // F x F is worse than the target
    }

    [Fact]
    public void Compute_UntaggedSides_SetTheThresholdButNoGroup()
    {
        var (pairs, a, b) = Planted();
        var untagged = a.Select(_ => -1).ToList();

        var report = DemographicDifferentials.Compute(pairs, untagged, untagged, ["F", "M"], 0.01, resamples: 10);

        Assert.Empty(report.Groups);
        Assert.True(double.IsNaN(report.FmrHeatmap[0][0]));
        Assert.Null(report.FnmrMaxOverGeoMean);
    }

    [Fact]
    public void MaxOverGeoMean_HandWorked()
    {
        // Rates 0.01 and 0.04: geometric mean 0.02, max 0.04 -> 2.
        BootstrapInterval Rate(double r) => new(r, r, r, 1, 100, true, null);

        Assert.Equal(2, DemographicDifferentials.MaxOverGeoMean([Rate(0.01), Rate(0.04)])!.Value, 12);
        Assert.Equal(1, DemographicDifferentials.MaxOverGeoMean([Rate(0.03), Rate(0.03)])!.Value, 12);
        Assert.Null(DemographicDifferentials.MaxOverGeoMean([Rate(0.03)]));
    }
}
