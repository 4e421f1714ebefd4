namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Scored pairs sorted once (O(n log n)) with cumulative genuine/impostor counts per distinct score, so the
/// portal can move a threshold cheaply: <see cref="AtThreshold"/> is a binary search, O(log n). All metrics of
/// <see cref="VerificationEvaluator"/> reuse this one sort.
/// </summary>
public sealed class SortedScores
{
    // Item level, ascending by score: the fold sweeps of the cross-validation walk these.
    private readonly double[] _scores;
    private readonly int[] _codes; // foldIndex * 2 + (same ? 1 : 0)

    // Group level: one entry per distinct score, ascending; the "Below" arrays have one extra entry (totals).
    private readonly double[] _values;
    private readonly int[] _genuineBelow; // genuines with score < _values[g]
    private readonly int[] _impostorBelow;

    private readonly int[] _folds; // distinct fold labels, ascending; foldIndex indexes this
    private readonly int[] _foldGenuine;
    private readonly int[] _foldImpostor;

    private SortedScores(double[] scores, int[] codes, int[] folds)
    {
        _scores = scores;
        _codes = codes;
        _folds = folds;
        _foldGenuine = new int[folds.Length];
        _foldImpostor = new int[folds.Length];
        var n = scores.Length;
        var values = new double[n];
        var genuineBelow = new int[n + 1];
        var impostorBelow = new int[n + 1];
        int groups = 0, genuine = 0, impostor = 0;
        for (var i = 0; i < n; i++)
        {
            if (i == 0 || scores[i] != scores[i - 1])
            {
                values[groups] = scores[i];
                genuineBelow[groups] = genuine;
                impostorBelow[groups] = impostor;
                groups++;
            }

            var code = codes[i];
            if ((code & 1) != 0)
            {
                genuine++;
                _foldGenuine[code >> 1]++;
            }
            else
            {
                impostor++;
                _foldImpostor[code >> 1]++;
            }
        }

        genuineBelow[groups] = genuine;
        impostorBelow[groups] = impostor;
        if (groups < n)
        {
            Array.Resize(ref values, groups);
            Array.Resize(ref genuineBelow, groups + 1);
            Array.Resize(ref impostorBelow, groups + 1);
        }

        _values = values;
        _genuineBelow = genuineBelow;
        _impostorBelow = impostorBelow;
        GenuineCount = genuine;
        ImpostorCount = impostor;
    }

    /// <summary>Sorts the pairs. Throws ArgumentException for an empty list or a NaN score.</summary>
    public static SortedScores Create(IReadOnlyList<ScoredPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var n = pairs.Count;
        if (n == 0)
        {
            throw new ArgumentException("no scored pairs: metrics need at least one pair", nameof(pairs));
        }

        var scores = new double[n];
        var foldOf = new int[n];
        var minFold = int.MaxValue;
        var maxFold = int.MinValue;
        for (var i = 0; i < n; i++)
        {
            var p = pairs[i];
            if (double.IsNaN(p.Score))
            {
                throw new ArgumentException($"pair {i} has a NaN score", nameof(pairs));
            }

            scores[i] = p.Score;
            foldOf[i] = p.Fold;
            minFold = Math.Min(minFold, p.Fold);
            maxFold = Math.Max(maxFold, p.Fold);
        }

        var (folds, indexOf) = FoldIndex(foldOf, minFold, maxFold);
        var codes = new int[n];
        for (var i = 0; i < n; i++)
        {
            codes[i] = (indexOf(foldOf[i]) * 2) + (pairs[i].Same ? 1 : 0);
        }

        ScoreSort.Sort(scores, codes);
        return new SortedScores(scores, codes, folds);
    }

    public int Count => _scores.Length;

    public int GenuineCount { get; }

    public int ImpostorCount { get; }

    /// <summary>Number of distinct scores = ROC points - 1.</summary>
    public int DistinctScoreCount => _values.Length;

    public double MinScore => _scores[0];

    public double MaxScore => _scores[^1];

    /// <summary>The distinct fold labels present, ascending.</summary>
    public IReadOnlyList<int> Folds => _folds;

    /// <summary>Confusion counts when accepting score >= <paramref name="threshold"/>; O(log n).</summary>
    public ConfusionAtThreshold AtThreshold(double threshold)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("threshold is NaN", nameof(threshold));
        }

        var g = LowerBound(_values, threshold);
        var fn = _genuineBelow[g];
        var tn = _impostorBelow[g];
        return new ConfusionAtThreshold(threshold, GenuineCount - fn, ImpostorCount - tn, tn, fn);
    }

    // ROC point k = 0..DistinctScoreCount, by decreasing threshold: k = 0 accepts nothing (threshold +Infinity),
    // point k accepts the k highest distinct scores.
    internal int PointCount => _values.Length + 1;

    internal double PointThreshold(int k) => k == 0 ? double.PositiveInfinity : _values[_values.Length - k];

    internal int PointTruePositives(int k) => GenuineCount - _genuineBelow[_values.Length - k];

    internal int PointFalsePositives(int k) => ImpostorCount - _impostorBelow[_values.Length - k];

    internal int GroupGenuine(int g) => _genuineBelow[g + 1] - _genuineBelow[g];

    internal int GroupImpostor(int g) => _impostorBelow[g + 1] - _impostorBelow[g];

    internal int ImpostorsBelowGroup(int g) => _impostorBelow[g];

    internal ReadOnlySpan<double> ItemScores => _scores;

    internal ReadOnlySpan<int> ItemCodes => _codes;

    internal int FoldGenuine(int foldIndex) => _foldGenuine[foldIndex];

    internal int FoldImpostor(int foldIndex) => _foldImpostor[foldIndex];

    /// <summary>First index whose value is >= x (values ascending).</summary>
    private static int LowerBound(double[] values, double x)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static (int[] Folds, Func<int, int> IndexOf) FoldIndex(int[] foldOf, int minFold, int maxFold)
    {
        // Fold labels are normally 0..9: a dense table; arbitrary labels fall back to a dictionary.
        if ((long)maxFold - minFold < 1 << 16)
        {
            var present = new bool[maxFold - minFold + 1];
            foreach (var f in foldOf)
            {
                present[f - minFold] = true;
            }

            var table = new int[present.Length];
            var folds = new List<int>();
            for (var i = 0; i < present.Length; i++)
            {
                if (present[i])
                {
                    table[i] = folds.Count;
                    folds.Add(i + minFold);
                }
            }

            return ([.. folds], f => table[f - minFold]);
        }

        var sorted = foldOf.Distinct().Order().ToArray();
        var map = new Dictionary<int, int>(sorted.Length);
        for (var i = 0; i < sorted.Length; i++)
        {
            map[sorted[i]] = i;
        }

        return (sorted, f => map[f]);
    }
}
