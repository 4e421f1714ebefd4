using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// A subject-level bootstrap of several runs scored on the same pairs: identities are resampled with replacement (the
/// same draw as <see cref="SubjectBootstrap"/>: a genuine pair weighs its subject's multiplicity, an impostor pair the
/// product of both) and, in each resample, every run's TAR at the target FAR and EER are recomputed on the same
/// weighted pairs. The differences between runs therefore vary only by what the models do differently on the same
/// people. Deterministic for a seed whatever the number of threads.
/// </summary>
public static class PairedBootstrap
{
    /// <param name="scores">Per run, the score of every pair (higher = more alike); all runs the same pairs in the same order.</param>
    /// <param name="same">Whether each pair is mated.</param>
    /// <param name="subjectA">Identity of each pair's first side.</param>
    /// <param name="subjectB">Identity of each pair's second side.</param>
    /// <param name="targetFar">The FAR at which TAR is measured, in (0, 1].</param>
    /// <param name="resamples">Number of resamples.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="cancellationToken">Stops the resampling.</param>
    public static PairedBootstrapResult Run(
        IReadOnlyList<IReadOnlyList<double>> scores,
        IReadOnlyList<bool> same,
        IReadOnlyList<int> subjectA,
        IReadOnlyList<int> subjectB,
        double targetFar,
        int resamples = SubjectBootstrap.DefaultResamples,
        int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(same);
        ArgumentNullException.ThrowIfNull(subjectA);
        ArgumentNullException.ThrowIfNull(subjectB);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(targetFar > 0 && targetFar <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetFar), targetFar, "target FAR must be in (0, 1]");
        }
        var n = same.Count;
        if (scores.Count == 0 || scores.Any(s => s.Count != n) || subjectA.Count != n || subjectB.Count != n)
        {
            throw new ArgumentException("every run needs a score for each pair, and each pair two subjects");
        }

        var runs = scores.Select(Grouped.From).ToArray();
        var ids = new Dictionary<int, int>();
        int Dense(int id) => ids.TryGetValue(id, out var d) ? d : ids[id] = ids.Count;
        var a = new int[n];
        var b = new int[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = Dense(subjectA[i]);
            b[i] = Dense(subjectB[i]);
        }
        var subjects = ids.Count;
        var sameArray = same.ToArray();

        var ones = new double[n];
        Array.Fill(ones, 1);
        var full = runs.Select(r => r.Figures(ones, sameArray, targetFar, new double[r.Groups], new double[r.Groups])).ToArray();

        var k = runs.Length;
        var tar = new double[k][];
        var eer = new double[k][];
        for (var r = 0; r < k; r++)
        {
            tar[r] = new double[resamples];
            eer[r] = new double[resamples];
        }
        Parallel.For(0, resamples,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new Scratch(subjects, n, runs),
            (resample, _, scratch) =>
            {
                scratch.Draw(seed, resample, a, b);
                for (var r = 0; r < k; r++)
                {
                    var f = runs[r].Figures(scratch.Weight, sameArray, targetFar, scratch.Genuine[r], scratch.Impostor[r]);
                    tar[r][resample] = f.Tar;
                    eer[r][resample] = f.Eer;
                }
                return scratch;
            },
            _ => { });

        var genuine = sameArray.LongCount(s => s);
        var figures = Enumerable.Range(0, k).Select(r => new PairedRunFigures(
            BootstrapInterval.Of(full[r].Tar, [.. tar[r]], 0, genuine, isErrorRate: false),
            BootstrapInterval.Of(full[r].Eer, [.. eer[r]], 0, n, isErrorRate: false))).ToArray();
        var differences = new List<PairedDifference>();
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                differences.Add(new PairedDifference(i, j,
                    Difference(full[j].Tar - full[i].Tar, tar[j], tar[i]),
                    Difference(full[j].Eer - full[i].Eer, eer[j], eer[i])));
            }
        }
        return new PairedBootstrapResult(resamples, seed, subjects, targetFar, figures, differences);
    }

    private static DifferenceInterval Difference(double estimate, double[] second, double[] first)
    {
        var d = second.Select((v, r) => v - first[r]).Where(v => !double.IsNaN(v)).Order().ToArray();
        return d.Length == 0
            ? new DifferenceInterval(estimate, double.NaN, double.NaN)
            : new DifferenceInterval(estimate, BootstrapInterval.Percentile(d, 0.025), BootstrapInterval.Percentile(d, 0.975));
    }

    /// <summary>One run's pairs numbered by their distinct score (ascending).</summary>
    private sealed class Grouped
    {
        private Grouped(int[] group, int groups)
        {
            Group = group;
            Groups = groups;
        }

        public int[] Group { get; }

        public int Groups { get; }

        public static Grouped From(IReadOnlyList<double> scores)
        {
            var n = scores.Count;
            var values = new double[n];
            var order = new int[n];
            for (var i = 0; i < n; i++)
            {
                if (double.IsNaN(scores[i]))
                {
                    throw new ArgumentException($"pair {i} has a NaN score", nameof(scores));
                }
                values[i] = scores[i];
                order[i] = i;
            }
            ScoreSort.Sort(values, order);
            var group = new int[n];
            var g = -1;
            for (var i = 0; i < n; i++)
            {
                if (i == 0 || values[i] != values[i - 1])
                {
                    g++;
                }
                group[order[i]] = g;
            }
            return new Grouped(group, g + 1);
        }

        public (double Tar, double Eer) Figures(double[] weight, bool[] same, double targetFar, double[] genuine, double[] impostor)
        {
            Array.Clear(genuine);
            Array.Clear(impostor);
            double totalGenuine = 0, totalImpostor = 0;
            for (var i = 0; i < weight.Length; i++)
            {
                var w = weight[i];
                if (w == 0)
                {
                    continue;
                }
                if (same[i])
                {
                    genuine[Group[i]] += w;
                    totalGenuine += w;
                }
                else
                {
                    impostor[Group[i]] += w;
                    totalImpostor += w;
                }
            }
            return (WeightedSweep.TarAtFar(genuine, impostor, totalGenuine, totalImpostor, targetFar),
                WeightedSweep.Eer(genuine, impostor, totalGenuine, totalImpostor));
        }
    }

    private sealed class Scratch
    {
        private readonly int[] _multiplicity;

        public Scratch(int subjects, int pairs, Grouped[] runs)
        {
            _multiplicity = new int[subjects];
            Weight = new double[pairs];
            Genuine = [.. runs.Select(r => new double[r.Groups])];
            Impostor = [.. runs.Select(r => new double[r.Groups])];
        }

        public double[] Weight { get; }

        public double[][] Genuine { get; }

        public double[][] Impostor { get; }

        public void Draw(int seed, int resample, int[] a, int[] b)
        {
            Array.Clear(_multiplicity);
            var random = new Random(BootstrapSeeds.Of(seed, resample));
            for (var i = 0; i < _multiplicity.Length; i++)
            {
                _multiplicity[random.Next(_multiplicity.Length)]++;
            }
            for (var p = 0; p < Weight.Length; p++)
            {
                Weight[p] = a[p] == b[p] ? _multiplicity[a[p]] : (double)_multiplicity[a[p]] * _multiplicity[b[p]];
            }
        }
    }
}
