namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Compares runs (models) scored on the same pairs. Each run decides at its own threshold for the target FAR, so a
/// model is judged at the operating point an operator would use it at, whatever its score scale.
/// </summary>
public static class ModelComparison
{
    /// <summary>Margins are clamped here (a missing face's score lies far below every real one).</summary>
    public const double MaxMargin = 10;

    /// <param name="scores">Per run, each pair's score (higher = more alike), the same pairs in the same order.</param>
    /// <param name="same">Whether each pair is mated.</param>
    /// <param name="subjectA">Identity of each pair's first side.</param>
    /// <param name="subjectB">Identity of each pair's second side.</param>
    /// <param name="targetFar">The FAR each run's threshold is set for, in (0, 1).</param>
    /// <param name="groupA">Optional: tag group of each pair's first side (-1: none); with <paramref name="groupB"/> and <paramref name="labels"/>.</param>
    /// <param name="groupB">Tag group of each pair's second side (-1: none).</param>
    /// <param name="labels">Names of the tag groups.</param>
    /// <param name="resamples">Paired bootstrap resamples.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <param name="cancellationToken">Stops the bootstrap.</param>
    public static ModelComparisonResult Compare(
        IReadOnlyList<IReadOnlyList<double>> scores,
        IReadOnlyList<bool> same,
        IReadOnlyList<int> subjectA,
        IReadOnlyList<int> subjectB,
        double targetFar,
        IReadOnlyList<int>? groupA = null,
        IReadOnlyList<int>? groupB = null,
        IReadOnlyList<string>? labels = null,
        int resamples = Standards.SubjectBootstrap.DefaultResamples,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(same);
        if (!(targetFar > 0 && targetFar < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFar), targetFar, "target FAR must lie between 0 and 1");
        }
        var n = same.Count;
        if (scores.Count < 2 || scores.Any(s => s.Count != n))
        {
            throw new ArgumentException("two or more runs are needed, each with a score for every pair", nameof(scores));
        }
        if (n == 0)
        {
            throw new ArgumentException("no pairs", nameof(same));
        }
        var tagged = groupA is not null && groupB is not null && labels is not null;
        if (tagged && (groupA!.Count != n || groupB!.Count != n))
        {
            throw new ArgumentException("one tag group per side of every pair is needed");
        }

        var k = scores.Count;
        var points = new RunOperatingPoint[k];
        var accepted = new bool[k][];
        var margins = new double[k][];
        for (var r = 0; r < k; r++)
        {
            var s = scores[r];
            var sorted = SortedScores.Create([.. Enumerable.Range(0, n).Select(i => new ScoredPair(s[i], same[i], 0))]);
            var tar = VerificationEvaluator.TarAtFar(sorted, targetFar);
            var threshold = tar.Threshold;
            accepted[r] = new bool[n];
            for (var i = 0; i < n; i++)
            {
                accepted[r][i] = s[i] >= threshold;
            }
            points[r] = new RunOperatingPoint(threshold, tar.Far, tar.Tar, tar.FalseAccepts, tar.ImpostorCount,
                tar.GenuineCount - tar.TrueAccepts, tar.GenuineCount, tar.Unreachable);
            margins[r] = Margins(s, threshold);
        }

        var agreements = new List<RunAgreement>();
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                agreements.Add(new RunAgreement(i, j,
                    Table(accepted[i], accepted[j], same, _ => true),
                    Table(accepted[i], accepted[j], same, p => same[p]),
                    Table(accepted[i], accepted[j], same, p => !same[p])));
            }
        }

        var bootstrap = PairedBootstrap.Run(scores, same, subjectA, subjectB, targetFar, resamples, seed, cancellationToken);
        var tags = tagged ? Tags(accepted, same, groupA!, groupB!, labels!) : [];

        var disagreements = new List<Disagreement>();
        for (var p = 0; p < n; p++)
        {
            var first = accepted[0][p];
            var differs = false;
            for (var r = 1; r < k && !differs; r++)
            {
                differs = accepted[r][p] != first;
            }
            if (!differs)
            {
                continue;
            }
            double max = double.NegativeInfinity, min = double.PositiveInfinity;
            for (var r = 0; r < k; r++)
            {
                max = Math.Max(max, margins[r][p]);
                min = Math.Min(min, margins[r][p]);
            }
            disagreements.Add(new Disagreement(p, max - min, [.. accepted.Select(a => a[p])], [.. margins.Select(m => m[p])]));
        }
        disagreements.Sort((x, y) => y.Strength != x.Strength ? y.Strength.CompareTo(x.Strength) : x.Pair.CompareTo(y.Pair));

        return new ModelComparisonResult(targetFar, n, points, agreements, bootstrap, tags, disagreements);
    }

    /// <summary>(score - threshold) / the standard deviation of the real scores (missing-face scores left out), clamped.</summary>
    private static double[] Margins(IReadOnlyList<double> s, double threshold)
    {
        double sum = 0, squares = 0;
        var count = 0;
        foreach (var v in s)
        {
            if (v > ScoreConventions.MissingFaceScore / 2)
            {
                sum += v;
                squares += v * v;
                count++;
            }
        }
        var mean = count > 0 ? sum / count : 0;
        var sd = count > 1 ? Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean))) : 0;
        if (!(sd > 0))
        {
            sd = 1;
        }
        var result = new double[s.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var m = (s[i] - threshold) / sd;
            result[i] = double.IsNaN(m) ? 0 : Math.Clamp(m, -MaxMargin, MaxMargin);
        }
        return result;
    }

    private static AgreementTable Table(bool[] first, bool[] second, IReadOnlyList<bool> same, Func<int, bool> include)
    {
        long both = 0, onlyFirst = 0, onlySecond = 0, neither = 0;
        for (var p = 0; p < first.Length; p++)
        {
            if (!include(p))
            {
                continue;
            }
            var a = first[p] == same[p];
            var b = second[p] == same[p];
            if (a && b)
            {
                both++;
            }
            else if (a)
            {
                onlyFirst++;
            }
            else if (b)
            {
                onlySecond++;
            }
            else
            {
                neither++;
            }
        }
        return new AgreementTable(both, onlyFirst, onlySecond, neither);
    }

    private static List<TagComparison> Tags(bool[][] accepted, IReadOnlyList<bool> same, IReadOnlyList<int> groupA, IReadOnlyList<int> groupB, IReadOnlyList<string> labels)
    {
        var k = accepted.Length;
        var g = labels.Count;
        var falseRejects = new long[g, k];
        var falseAccepts = new long[g, k];
        var mated = new long[g];
        var nonMated = new long[g];
        for (var p = 0; p < same.Count; p++)
        {
            var a = groupA[p];
            if (a < 0 || a != groupB[p])
            {
                continue;
            }
            if (a >= g)
            {
                throw new ArgumentOutOfRangeException(nameof(groupA), $"pair {p} names a tag group outside 0..{g - 1}");
            }
            if (same[p])
            {
                mated[a]++;
            }
            else
            {
                nonMated[a]++;
            }
            for (var r = 0; r < k; r++)
            {
                if (same[p] && !accepted[r][p])
                {
                    falseRejects[a, r]++;
                }
                else if (!same[p] && accepted[r][p])
                {
                    falseAccepts[a, r]++;
                }
            }
        }
        return [.. Enumerable.Range(0, g)
            .Where(t => mated[t] + nonMated[t] > 0)
            .Select(t => new TagComparison(labels[t], [.. Enumerable.Range(0, k).Select(r => new TagRunRates(falseRejects[t, r], mated[t], falseAccepts[t, r], nonMated[t]))]))];
    }
}
