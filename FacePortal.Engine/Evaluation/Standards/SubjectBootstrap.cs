using System.Diagnostics;

namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// Intervals that respect that errors cluster within people (ISO/IEC 19795-1, NIST FRTE report cards): identities
/// are resampled with replacement and every figure is recomputed on the weighted pairs. The pairs are sorted once;
/// a resample is one pass over them plus one over the distinct scores, so 1M pairs x 1,000 resamples takes seconds.
/// Deterministic for a seed whatever the number of threads (each resample seeds its own generator).
/// </summary>
public static class SubjectBootstrap
{
    public const int DefaultResamples = 1000;

    public static SubjectBootstrapResult Run(
        IReadOnlyList<SubjectPair> pairs,
        double threshold,
        IReadOnlyList<double> farTargets,
        int resamples = DefaultResamples,
        int seed = 1,
        CancellationToken cancellationToken = default) =>
        RunWithCurve(pairs, threshold, farTargets, [], resamples, seed, cancellationToken).AtThreshold;

    /// <summary>
    /// <see cref="Run"/> plus FMR and FNMR intervals at every one of <paramref name="curveThresholds"/>, from the same
    /// resamples: each resample's weighted sweep is read at all thresholds in one walk, so a curve of K thresholds
    /// costs about one bootstrap, not K. Each curve point equals a separate <see cref="Run"/> at that threshold.
    /// </summary>
    public static SubjectBootstrapCurveResult RunWithCurve(
        IReadOnlyList<SubjectPair> pairs,
        double threshold,
        IReadOnlyList<double> farTargets,
        IReadOnlyList<double> curveThresholds,
        int resamples = DefaultResamples,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(farTargets);
        ArgumentNullException.ThrowIfNull(curveThresholds);
        if (curveThresholds.Any(double.IsNaN))
        {
            throw new ArgumentException("a curve threshold is NaN", nameof(curveThresholds));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (farTargets.Any(t => !(t > 0 && t <= 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(farTargets), "every target FAR must be in (0, 1]");
        }
        var clock = Stopwatch.StartNew();
        var data = Prepared.From(pairs);
        var first = WeightedSweep.FirstAccepted(data.Values, threshold);
        var targets = farTargets.ToArray();
        // Curve points in ascending order of their first accepted group, so one walk of a sweep reads them all.
        var curve = curveThresholds.Select((t, i) => (Threshold: t, Index: i, First: WeightedSweep.FirstAccepted(data.Values, t)))
            .OrderBy(c => c.First).ToArray();
        var curveFirst = curve.Select(c => c.First).ToArray();

        var fullGenuine = new double[data.Values.Length];
        var fullImpostor = new double[data.Values.Length];
        var full = Figures.Compute(data, null, first, targets, fullGenuine, fullImpostor);
        var fullCurve = new (double Fmr, double Fnmr)[curve.Length];
        CurveRates(fullGenuine, fullImpostor, curveFirst, fullCurve);
        var curveFmr = new double[curve.Length][];
        var curveFnmr = new double[curve.Length][];
        for (var k = 0; k < curve.Length; k++)
        {
            curveFmr[k] = new double[resamples];
            curveFnmr[k] = new double[resamples];
        }
        var fmr = new double[resamples];
        var fnmr = new double[resamples];
        var auc = new double[resamples];
        var eer = new double[resamples];
        var tar = new double[targets.Length][];
        for (var t = 0; t < targets.Length; t++)
        {
            tar[t] = new double[resamples];
        }

        Parallel.For(0, resamples,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new Scratch(data.Subjects, data.Values.Length, curve.Length),
            (r, _, scratch) =>
            {
                scratch.Draw(seed, r);
                var f = Figures.Compute(data, scratch.Multiplicity, first, targets, scratch.Genuine, scratch.Impostor);
                fmr[r] = f.Fmr;
                fnmr[r] = f.Fnmr;
                auc[r] = f.Auc;
                eer[r] = f.Eer;
                for (var t = 0; t < targets.Length; t++)
                {
                    tar[t][r] = f.Tar[t];
                }
                if (curve.Length > 0)
                {
                    CurveRates(scratch.Genuine, scratch.Impostor, curveFirst, scratch.Curve);
                    for (var k = 0; k < curve.Length; k++)
                    {
                        curveFmr[k][r] = scratch.Curve[k].Fmr;
                        curveFnmr[k][r] = scratch.Curve[k].Fnmr;
                    }
                }
                return scratch;
            },
            _ => { });

        // Rates over an empty set take their "no errors" value, as everywhere in the evaluator.
        var fullFmr = data.ImpostorCount == 0 ? 0 : full.Fmr;
        var fullFnmr = data.GenuineCount == 0 ? 0 : full.Fnmr;
        var falseAccepts = (long)Math.Round(fullFmr * data.ImpostorCount);
        var falseRejects = (long)Math.Round(fullFnmr * data.GenuineCount);
        var both = data.GenuineCount > 0 && data.ImpostorCount > 0;
        var points = new ThresholdRateInterval[curve.Length];
        for (var k = 0; k < curve.Length; k++)
        {
            var pointFmr = data.ImpostorCount == 0 ? 0 : fullCurve[k].Fmr;
            var pointFnmr = data.GenuineCount == 0 ? 0 : fullCurve[k].Fnmr;
            points[curve[k].Index] = new ThresholdRateInterval(
                curve[k].Threshold,
                BootstrapInterval.Of(pointFmr, curveFmr[k], (long)Math.Round(pointFmr * data.ImpostorCount), data.ImpostorCount, isErrorRate: true),
                BootstrapInterval.Of(pointFnmr, curveFnmr[k], (long)Math.Round(pointFnmr * data.GenuineCount), data.GenuineCount, isErrorRate: true));
        }
        var atThreshold = new SubjectBootstrapResult(
            resamples, seed, data.Subjects, threshold,
            BootstrapInterval.Of(fullFmr, fmr, falseAccepts, data.ImpostorCount, isErrorRate: true),
            BootstrapInterval.Of(fullFnmr, fnmr, falseRejects, data.GenuineCount, isErrorRate: true),
            both ? BootstrapInterval.Of(full.Auc, auc, 0, data.Count, isErrorRate: false) : null,
            both ? BootstrapInterval.Of(full.Eer, eer, 0, data.Count, isErrorRate: false) : null,
            [.. targets.Select((t, i) => new TarAtFarInterval(t, BootstrapInterval.Of(both ? full.Tar[i] : 0, tar[i], 0, data.GenuineCount, isErrorRate: false)))],
            clock.Elapsed);
        return new SubjectBootstrapCurveResult(atThreshold, points);
    }

    /// <summary>
    /// FMR and FNMR of one weighted sweep at each first-accepted group (ascending): genuine weight below it is
    /// rejected, impostor weight from it on is accepted. NaN where a kind of pair weighs nothing, as in <see cref="Figures"/>.
    /// </summary>
    private static void CurveRates(double[] genuine, double[] impostor, int[] firstAccepted, (double Fmr, double Fnmr)[] rates)
    {
        double totalGenuine = 0, totalImpostor = 0;
        for (var g = 0; g < genuine.Length; g++)
        {
            totalGenuine += genuine[g];
            totalImpostor += impostor[g];
        }
        double rejectedGenuine = 0, rejectedImpostor = 0;
        var k = 0;
        for (var g = 0; g <= genuine.Length && k < firstAccepted.Length; g++)
        {
            while (k < firstAccepted.Length && firstAccepted[k] == g)
            {
                rates[k++] = (
                    totalImpostor > 0 ? Math.Max(0, totalImpostor - rejectedImpostor) / totalImpostor : double.NaN,
                    totalGenuine > 0 ? rejectedGenuine / totalGenuine : double.NaN);
            }
            if (g < genuine.Length)
            {
                rejectedGenuine += genuine[g];
                rejectedImpostor += impostor[g];
            }
        }
    }

    /// <summary>The pairs sorted by score, subjects numbered densely, tie groups found.</summary>
    private sealed class Prepared
    {
        public required double[] Values { get; init; } // distinct scores, ascending
        public required int[] Group { get; init; } // per sorted pair
        public required int[] A { get; init; }
        public required int[] B { get; init; }
        public required bool[] Same { get; init; }
        public required int Subjects { get; init; }
        public required long GenuineCount { get; init; }
        public required long ImpostorCount { get; init; }

        public int Count => Group.Length;

        public static Prepared From(IReadOnlyList<SubjectPair> pairs)
        {
            var n = pairs.Count;
            var scores = new double[n];
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                var s = pairs[i].Score;
                if (double.IsNaN(s))
                {
                    throw new ArgumentException($"pair {i} has a NaN score", nameof(pairs));
                }
                scores[i] = s;
                order[i] = i;
            }
            ScoreSort.Sort(scores, order);

            var ids = new Dictionary<int, int>();
            int Dense(int id)
            {
                if (!ids.TryGetValue(id, out var d))
                {
                    d = ids.Count;
                    ids[id] = d;
                }
                return d;
            }

            var values = new List<double>();
            var group = new int[n];
            var a = new int[n];
            var b = new int[n];
            var same = new bool[n];
            long genuine = 0;
            for (var i = 0; i < n; i++)
            {
                if (i == 0 || scores[i] != scores[i - 1])
                {
                    values.Add(scores[i]);
                }
                group[i] = values.Count - 1;
                var p = pairs[order[i]];
                a[i] = Dense(p.SubjectA);
                b[i] = Dense(p.SubjectB);
                same[i] = p.Same;
                genuine += p.Same ? 1 : 0;
            }
            return new Prepared
            {
                Values = [.. values], Group = group, A = a, B = b, Same = same, Subjects = ids.Count,
                GenuineCount = genuine, ImpostorCount = n - genuine,
            };
        }
    }

    /// <summary>One thread's buffers: subject multiplicities of the current resample and per-group weights.</summary>
    private sealed class Scratch(int subjects, int groups, int curvePoints)
    {
        public (double Fmr, double Fnmr)[] Curve { get; } = new (double, double)[curvePoints];

        public int[] Multiplicity { get; } = new int[subjects];

        public double[] Genuine { get; } = new double[groups];

        public double[] Impostor { get; } = new double[groups];

        public void Draw(int seed, int resample)
        {
            Array.Clear(Multiplicity);
            var random = new Random(BootstrapSeeds.Of(seed, resample));
            for (var i = 0; i < Multiplicity.Length; i++)
            {
                Multiplicity[random.Next(Multiplicity.Length)]++;
            }
        }
    }

    private readonly record struct Figures(double Fmr, double Fnmr, double Auc, double Eer, double[] Tar)
    {
        /// <summary>Every figure for one weighting; <paramref name="multiplicity"/> null = each subject once.</summary>
        public static Figures Compute(Prepared data, int[]? multiplicity, int firstAccepted, double[] targets, double[] genuine, double[] impostor)
        {
            Array.Clear(genuine);
            Array.Clear(impostor);
            double totalGenuine = 0, totalImpostor = 0, falseReject = 0, falseAccept = 0;
            var group = data.Group;
            for (var i = 0; i < group.Length; i++)
            {
                double w = 1;
                if (multiplicity is not null)
                {
                    var a = data.A[i];
                    var b = data.B[i];
                    w = a == b ? multiplicity[a] : (double)multiplicity[a] * multiplicity[b];
                    if (w == 0)
                    {
                        continue;
                    }
                }
                var g = group[i];
                if (data.Same[i])
                {
                    genuine[g] += w;
                    totalGenuine += w;
                    falseReject += g < firstAccepted ? w : 0;
                }
                else
                {
                    impostor[g] += w;
                    totalImpostor += w;
                    falseAccept += g >= firstAccepted ? w : 0;
                }
            }
            var tar = new double[targets.Length];
            for (var t = 0; t < targets.Length; t++)
            {
                tar[t] = WeightedSweep.TarAtFar(genuine, impostor, totalGenuine, totalImpostor, targets[t]);
            }
            return new Figures(
                totalImpostor > 0 ? falseAccept / totalImpostor : double.NaN,
                totalGenuine > 0 ? falseReject / totalGenuine : double.NaN,
                WeightedSweep.Auc(genuine, impostor, totalGenuine, totalImpostor),
                WeightedSweep.Eer(genuine, impostor, totalGenuine, totalImpostor),
                tar);
        }
    }
}
