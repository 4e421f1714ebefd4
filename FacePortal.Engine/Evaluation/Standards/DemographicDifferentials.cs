namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>Computes a <see cref="DifferentialReport"/> from pairs whose sides carry a group (or -1: untagged).</summary>
public static class DemographicDifferentials
{
    /// <param name="pairs">Every scored pair (all of them set the global threshold).</param>
    /// <param name="groupA">Group index of each pair's first image, -1 when it has none.</param>
    /// <param name="groupB">Group index of each pair's second image, -1 when it has none.</param>
    /// <param name="labels">Group names, indexed by the group numbers.</param>
    /// <param name="targetFmr">The FMR the one global threshold is set for, over all impostor pairs.</param>
    /// <param name="resamples">Subject-bootstrap resamples for each group's intervals.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    public static DifferentialReport Compute(
        IReadOnlyList<SubjectPair> pairs,
        IReadOnlyList<int> groupA,
        IReadOnlyList<int> groupB,
        IReadOnlyList<string> labels,
        double targetFmr,
        int resamples = SubjectBootstrap.DefaultResamples,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(groupA);
        ArgumentNullException.ThrowIfNull(groupB);
        ArgumentNullException.ThrowIfNull(labels);
        if (groupA.Count != pairs.Count || groupB.Count != pairs.Count)
        {
            throw new ArgumentException("one group per side of every pair is needed");
        }
        if (!(targetFmr > 0 && targetFmr <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFmr), targetFmr, "target FMR must be in (0, 1]");
        }
        if (pairs.Count == 0)
        {
            throw new ArgumentException("no pairs", nameof(pairs));
        }

        var sorted = SortedScores.Create([.. pairs.Select(p => new ScoredPair(p.Score, p.Same, 0))]);
        var threshold = VerificationEvaluator.TarAtFar(sorted, targetFmr).Threshold;
        var global = sorted.AtThreshold(threshold);

        var k = labels.Count;
        var falseAccepts = new long[k][];
        var impostors = new long[k][];
        for (var i = 0; i < k; i++)
        {
            falseAccepts[i] = new long[k];
            impostors[i] = new long[k];
        }
        var within = new List<SubjectPair>[k];
        for (var g = 0; g < k; g++)
        {
            within[g] = [];
        }
        for (var p = 0; p < pairs.Count; p++)
        {
            int a = groupA[p], b = groupB[p];
            if (a < -1 || a >= k || b < -1 || b >= k)
            {
                throw new ArgumentOutOfRangeException(nameof(groupA), $"pair {p} names a group outside 0..{k - 1}");
            }
            if (a < 0 || b < 0)
            {
                continue;
            }
            if (a == b)
            {
                within[a].Add(pairs[p]);
            }
            if (!pairs[p].Same)
            {
                var accepted = pairs[p].Score >= threshold ? 1 : 0;
                impostors[a][b]++;
                falseAccepts[a][b] += accepted;
                if (a != b)
                {
                    impostors[b][a]++;
                    falseAccepts[b][a] += accepted;
                }
            }
        }

        var heat = new double[k][];
        for (var i = 0; i < k; i++)
        {
            heat[i] = new double[k];
            for (var j = 0; j < k; j++)
            {
                heat[i][j] = impostors[i][j] == 0 ? double.NaN : (double)falseAccepts[i][j] / impostors[i][j];
            }
        }

        var groups = new List<GroupRates>();
        for (var g = 0; g < k; g++)
        {
            if (within[g].Count == 0)
            {
                continue;
            }
            var b = SubjectBootstrap.Run(within[g], threshold, [], resamples, BootstrapSeeds.Of(seed, g), cancellationToken);
            groups.Add(new GroupRates(labels[g], b.Fnmr, b.Fmr));
        }

        return new DifferentialReport(targetFmr, threshold, global.Fmr, global.Fnmr, groups, [.. labels], heat, impostors,
            MaxOverGeoMean([.. groups.Where(g => g.Fnmr.Trials > 0).Select(g => g.Fnmr)]),
            MaxOverGeoMean([.. groups.Where(g => g.Fmr.Trials > 0).Select(g => g.Fmr)]));
    }

    /// <summary>
    /// The worst group's rate over the geometric mean of all groups' rates. A rate of 0 counts as half an error
    /// (0.5 / trials) so that one error-free group does not make the mean 0 and the ratio infinite.
    /// </summary>
    public static double? MaxOverGeoMean(IReadOnlyList<BootstrapInterval> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count < 2)
        {
            return null;
        }
        var values = rates.Select(r => r.Estimate > 0 ? r.Estimate : 0.5 / r.Trials).ToArray();
        var geoMean = Math.Exp(values.Average(Math.Log));
        return values.Max() / geoMean;
    }
}
