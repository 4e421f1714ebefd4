using System.Globalization;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>One run at one threshold on the compare page: the rule it decides by and its confusion there (null, with <see cref="Note"/>, when it cannot be put there).</summary>
public sealed record RunAtThreshold(int RunId, string? Rule, ThresholdReport? Report, string? Note);

/// <summary>
/// The compare page's rows that put runs at a threshold rather than at a target FAR: one common threshold typed in the
/// runs' shared metric, and each run at its model's saved operating point; and the runs whose scores are identical, so
/// their curves lie on one another and the page must say so.
/// </summary>
public static class CompareThresholds
{
    /// <summary>The metric every run shares, or null when they differ (a distance and a similarity have no common threshold).</summary>
    public static DistanceMetric? SharedMetric(IReadOnlyList<EvaluationRunInfo> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var metrics = runs.Select(r => r.DistanceMetric).Distinct().ToList();
        return metrics.Count == 1 ? metrics[0] : null;
    }

    /// <summary>Each run at one threshold given in the shared metric (a distance for Euclidean models, a similarity for cosine ones).</summary>
    public static IReadOnlyList<RunAtThreshold> AtCommon(IReadOnlyList<(EvaluationRunInfo Run, EvaluationScores Scores)> runs, double metricValue)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs.Select(r => At(r.Run, r.Scores, ScoreConventions.FromMetricValue(metricValue, r.Run.DistanceMetric), null))];
    }

    /// <summary>Each run at its model's default operating point (the one Verify and Identify use), when the model has one.</summary>
    public static IReadOnlyList<RunAtThreshold> AtOperatingPoints(
        IReadOnlyList<(EvaluationRunInfo Run, EvaluationScores Scores)> runs, IReadOnlyDictionary<int, OperatingPoint> points)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(points);
        return [.. runs.Select(r => points.TryGetValue(r.Run.Id, out var p)
            ? At(r.Run, r.Scores, ScoreConventions.ToScore(p.Distance, r.Run.DistanceMetric), $"'{p.Name}'")
            : new RunAtThreshold(r.Run.Id, null, null, $"{r.Run.Model} has no saved operating point"))];
    }

    /// <summary>
    /// Groups of two or more runs whose every pair has the same score (and the same missing faces): their ROC and DET
    /// curves coincide, so only the last one drawn would be visible.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> IdenticalGroups(IReadOnlyList<(EvaluationRunInfo Run, EvaluationScores Scores)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var groups = new List<List<int>>();
        var used = new bool[runs.Count];
        for (var i = 0; i < runs.Count; i++)
        {
            if (used[i] || runs[i].Scores.Count == 0)
            {
                continue;
            }
            var group = new List<int> { runs[i].Run.Id };
            for (var j = i + 1; j < runs.Count; j++)
            {
                if (!used[j] && Same(runs[i].Scores, runs[j].Scores))
                {
                    used[j] = true;
                    group.Add(runs[j].Run.Id);
                }
            }
            if (group.Count > 1)
            {
                groups.Add(group);
            }
        }
        return groups;
    }

    private static RunAtThreshold At(EvaluationRunInfo run, EvaluationScores scores, double score, string? name)
    {
        var rule = (name is null ? "" : name + ": ") + ScoreConventions.AcceptRule(score, run.DistanceMetric);
        return scores.Sorted is { } sorted
            ? new RunAtThreshold(run.Id, rule, ThresholdReport.At(sorted, score, run.DistanceMetric), null)
            : new RunAtThreshold(run.Id, rule, null, "no pair scored yet");
    }

    // Pair order is the store's order for both runs, so element-wise equality is enough; pair ids guard a different set.
    private static bool Same(EvaluationScores a, EvaluationScores b) =>
        a.Count == b.Count && a.PairIds.AsSpan().SequenceEqual(b.PairIds) && a.Scores.AsSpan().SequenceEqual(b.Scores) && a.Missing.AsSpan().SequenceEqual(b.Missing);

    /// <summary>FAR and FRR with their counts, as the table shows them.</summary>
    public static string Describe(ThresholdReport r) => string.Create(CultureInfo.InvariantCulture,
        $"FAR {ThresholdExplorer.Pct(r.Far.Rate)} ({r.Confusion.FalsePositives}/{r.Confusion.ImpostorCount}), FRR {ThresholdExplorer.Pct(r.Frr.Rate)} ({r.Confusion.FalseNegatives}/{r.Confusion.GenuineCount})");
}
