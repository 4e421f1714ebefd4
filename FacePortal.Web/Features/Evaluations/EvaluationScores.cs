using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// An immutable snapshot of a run's stored scores (in the order they were stored) with one sort shared by every
/// metric, curve and threshold query. Pages and the API share snapshots through <see cref="EvaluationScoreCache"/>.
/// </summary>
public sealed class EvaluationScores
{
    private readonly Lazy<VerificationMetrics?> _metrics;
    private readonly Lazy<IReadOnlyList<RocPoint>> _roc;
    private readonly Lazy<EvaluationScores> _withBothTemplates;

    public EvaluationScores(int[] pairIds, double[] scores, bool[] same, int[] folds, bool[] missing, long lastRowId = 0)
    {
        var n = pairIds.Length;
        if (scores.Length != n || same.Length != n || folds.Length != n || missing.Length != n)
        {
            throw new ArgumentException("score columns differ in length");
        }
        PairIds = pairIds;
        Scores = scores;
        Same = same;
        Folds = folds;
        Missing = missing;
        LastRowId = lastRowId;
        Sorted = n == 0 ? null : SortedScores.Create([.. Enumerable.Range(0, n).Select(i => new ScoredPair(scores[i], same[i], folds[i]))]);
        _metrics = new(() => Sorted is null ? null : VerificationEvaluator.Evaluate(Sorted));
        _roc = new(() => Sorted is null ? [] : VerificationEvaluator.Roc(Sorted));
        _withBothTemplates = new(() =>
        {
            if (!missing.Contains(true))
            {
                return this;
            }
            var keep = Enumerable.Range(0, n).Where(i => !missing[i]).ToArray();
            return new EvaluationScores([.. keep.Select(i => pairIds[i])], [.. keep.Select(i => scores[i])], [.. keep.Select(i => same[i])],
                [.. keep.Select(i => folds[i])], new bool[keep.Length], lastRowId);
        });
    }

    public static EvaluationScores Empty { get; } = new([], [], [], [], []);

    public int[] PairIds { get; }

    public double[] Scores { get; }

    public bool[] Same { get; }

    public int[] Folds { get; }

    public bool[] Missing { get; }

    /// <summary>Id of the last stored score row this snapshot holds (a refresh reads only later rows).</summary>
    public long LastRowId { get; }

    public int Count => PairIds.Length;

    public int MissingCount => Missing.Count(m => m);

    /// <summary>
    /// The comparisons where both images gave a template: the algorithm-level figures (FMR, FNMR, DET) are measured
    /// on these; a pair with a failed image is a failure to acquire, counted apart.
    /// </summary>
    public EvaluationScores WithBothTemplates => _withBothTemplates.Value;

    /// <summary>Null while nothing is scored.</summary>
    public SortedScores? Sorted { get; }

    /// <summary>All metrics (computed once per snapshot); null while nothing is scored.</summary>
    public VerificationMetrics? Metrics => _metrics.Value;

    /// <summary>The full ROC (every distinct score); charts take <see cref="RocDownsampler"/>'s thinning of it.</summary>
    public IReadOnlyList<RocPoint> Roc => _roc.Value;

    /// <summary>Lowest and highest score of pairs where both faces were found (the range a threshold is chosen in).</summary>
    public (double Min, double Max) ScoreRange
    {
        get
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < Scores.Length; i++)
            {
                if (!Missing[i])
                {
                    min = Math.Min(min, Scores[i]);
                    max = Math.Max(max, Scores[i]);
                }
            }
            return double.IsFinite(min) ? (min, max) : (0, 0);
        }
    }

    /// <summary>This snapshot followed by rows stored since.</summary>
    public EvaluationScores Append(int[] pairIds, double[] scores, bool[] same, int[] folds, bool[] missing, long lastRowId) =>
        pairIds.Length == 0 ? this : new EvaluationScores([.. PairIds, .. pairIds], [.. Scores, .. scores], [.. Same, .. same], [.. Folds, .. folds], [.. Missing, .. missing], lastRowId);
}
