using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

/// <summary>
/// Deliberately naive reference implementations: every threshold re-counts every pair, AUC compares all
/// genuine/impostor pairs. Same conventions as the engine (accept score >= t; empty-denominator rates take their
/// "no errors" value), written independently of its sweeps.
/// </summary>
internal static class NaiveVerification
{
    public static (int Tp, int Fp, int Tn, int Fn) Count(IReadOnlyList<ScoredPair> pairs, double t)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var p in pairs)
        {
            var accept = p.Score >= t;
            if (p.Same && accept) tp++;
            else if (p.Same) fn++;
            else if (accept) fp++;
            else tn++;
        }

        return (tp, fp, tn, fn);
    }

    public static double Far(IReadOnlyList<ScoredPair> pairs, double t)
    {
        var (_, fp, tn, _) = Count(pairs, t);
        return fp + tn == 0 ? 0 : (double)fp / (fp + tn);
    }

    public static double Tar(IReadOnlyList<ScoredPair> pairs, double t)
    {
        var (tp, _, _, fn) = Count(pairs, t);
        return tp + fn == 0 ? 1 : (double)tp / (tp + fn);
    }

    /// <summary>+Infinity, then every distinct score from high to low.</summary>
    public static List<double> Thresholds(IReadOnlyList<ScoredPair> pairs) =>
        [double.PositiveInfinity, .. pairs.Select(p => p.Score).Distinct().OrderByDescending(s => s)];

    public static List<RocPoint> Roc(IReadOnlyList<ScoredPair> pairs) =>
        [.. Thresholds(pairs).Select(t => new RocPoint(t, Far(pairs, t), Tar(pairs, t)))];

    /// <summary>P(genuine > impostor) + 0.5 P(genuine == impostor) over all genuine x impostor pairs.</summary>
    public static double? Auc(IReadOnlyList<ScoredPair> pairs)
    {
        var genuine = pairs.Where(p => p.Same).Select(p => p.Score).ToList();
        var impostor = pairs.Where(p => !p.Same).Select(p => p.Score).ToList();
        if (genuine.Count == 0 || impostor.Count == 0)
        {
            return null;
        }

        var wins = 0.0;
        foreach (var g in genuine)
        {
            foreach (var i in impostor)
            {
                wins += g > i ? 1 : g == i ? 0.5 : 0;
            }
        }

        return wins / ((double)genuine.Count * impostor.Count);
    }

    /// <summary>Scan the naive ROC for the first FRR - FAR sign change and interpolate linearly.</summary>
    public static (double Eer, double Threshold)? Eer(IReadOnlyList<ScoredPair> pairs)
    {
        if (!pairs.Any(p => p.Same) || pairs.All(p => p.Same))
        {
            return null;
        }

        var roc = Roc(pairs);
        for (var k = 1; k < roc.Count; k++)
        {
            double da = 1 - roc[k - 1].Tar - roc[k - 1].Far, db = 1 - roc[k].Tar - roc[k].Far;
            if (da > 1e-15 && db <= 1e-15)
            {
                var alpha = da / (da - db);
                var ta = double.IsInfinity(roc[k - 1].Threshold) ? roc[k].Threshold : roc[k - 1].Threshold;
                return (roc[k - 1].Far + (alpha * (roc[k].Far - roc[k - 1].Far)), ta + (alpha * (roc[k].Threshold - ta)));
            }
        }

        throw new InvalidOperationException("no crossing");
    }

    /// <summary>Max TAR over all thresholds with at most floor(target x impostors) false accepts; ties: fewest false accepts.</summary>
    public static (double Threshold, int Tp, int Fp) TarAtFar(IReadOnlyList<ScoredPair> pairs, double target)
    {
        var impostors = pairs.Count(p => !p.Same);
        var allowed = (int)Math.Floor((target * impostors) + 1e-9);
        var best = (Threshold: double.PositiveInfinity, Tp: 0, Fp: 0);
        foreach (var t in Thresholds(pairs))
        {
            var (tp, fp, _, _) = Count(pairs, t);
            if (fp <= allowed && (tp > best.Tp || (tp == best.Tp && fp < best.Fp)))
            {
                best = (t, tp, fp);
            }
        }

        return best;
    }

    /// <summary>All candidates (below, midpoints, above), accuracy counted per candidate; ties: lower median.</summary>
    public static (double Threshold, double Accuracy, int Tied) BestThreshold(IReadOnlyList<ScoredPair> pairs)
    {
        var distinct = pairs.Select(p => p.Score).Distinct().Order().ToList();
        var candidates = new List<double> { distinct[0] - 1 };
        for (var i = 0; i + 1 < distinct.Count; i++)
        {
            candidates.Add((distinct[i] + distinct[i + 1]) / 2);
        }

        candidates.Add(distinct[^1] + 1);
        var correct = candidates.Select(t => pairs.Count(p => (p.Score >= t) == p.Same)).ToList();
        var max = correct.Max();
        var tied = candidates.Where((_, i) => correct[i] == max).ToList();
        return (tied[(tied.Count - 1) / 2], (double)max / pairs.Count, tied.Count);
    }

    public static (double Mean, double SampleStd, double[] Thresholds, double[] Accuracies) CrossValidate(IReadOnlyList<ScoredPair> pairs)
    {
        var folds = pairs.Select(p => p.Fold).Distinct().Order().ToArray();
        var thresholds = new double[folds.Length];
        var accuracies = new double[folds.Length];
        for (var k = 0; k < folds.Length; k++)
        {
            var test = pairs.Where(p => p.Fold == folds[k]).ToList();
            var train = pairs.Where(p => p.Fold != folds[k]).ToList();
            thresholds[k] = BestThreshold(train).Threshold;
            accuracies[k] = (double)test.Count(p => (p.Score >= thresholds[k]) == p.Same) / test.Count;
        }

        var mean = accuracies.Sum() / accuracies.Length;
        var ss = accuracies.Sum(a => (a - mean) * (a - mean));
        return (mean, Math.Sqrt(ss / (accuracies.Length - 1)), thresholds, accuracies);
    }

    /// <summary>Random pairs with many ties: scores on a coarse grid, genuines shifted up.</summary>
    public static List<ScoredPair> RandomTied(int seed, int n, int folds, int levels = 12)
    {
        var rng = new Random(seed);
        var pairs = new List<ScoredPair>(n);
        for (var i = 0; i < n; i++)
        {
            var same = rng.NextDouble() < 0.5;
            var level = rng.Next(levels) + (same ? rng.Next(levels / 2) : 0);
            pairs.Add(new ScoredPair(level * 0.25, same, rng.Next(folds)));
        }

        return pairs;
    }
}
