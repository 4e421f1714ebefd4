namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// Error-versus-discard curves: pairs ordered by the LOWER quality of their two samples, the worst fraction
/// discarded, FNMR and FMR recomputed at the starting threshold. An unknown quality (NaN) counts as the worst.
/// </summary>
public static class ErrorVersusDiscard
{
    public static EdcCurve Compute(
        string measure,
        IReadOnlyList<ScoredPair> pairs,
        IReadOnlyList<double> qualityA,
        IReadOnlyList<double> qualityB,
        double threshold,
        double discardLimit = 0.2,
        int steps = 40)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(qualityA);
        ArgumentNullException.ThrowIfNull(qualityB);
        if (qualityA.Count != pairs.Count || qualityB.Count != pairs.Count)
        {
            throw new ArgumentException("one quality per side of every pair is needed");
        }
        if (!(discardLimit > 0 && discardLimit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(discardLimit), discardLimit, "the discard limit must be in (0, 1)");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);

        var n = pairs.Count;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            var q = Math.Min(qualityA[i], qualityB[i]);
            keys[i] = double.IsNaN(qualityA[i]) || double.IsNaN(qualityB[i]) ? double.NegativeInfinity : q;
            order[i] = i;
        }
        // Equal qualities keep the pairs' order, so the curve does not depend on the sort algorithm.
        Array.Sort(order, (x, y) =>
        {
            var c = keys[x].CompareTo(keys[y]);
            return c != 0 ? c : x.CompareTo(y);
        });

        // Prefix counts in discard order: errors and pairs of each kind among the first k discarded.
        var genuineTotal = 0;
        var impostorTotal = 0;
        var falseRejects = 0;
        var falseAccepts = 0;
        var prefixGenuine = new int[n + 1];
        var prefixImpostor = new int[n + 1];
        var prefixFr = new int[n + 1];
        var prefixFa = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            var p = pairs[order[i]];
            var accepted = p.Score >= threshold;
            if (p.Same)
            {
                genuineTotal++;
                falseRejects += accepted ? 0 : 1;
            }
            else
            {
                impostorTotal++;
                falseAccepts += accepted ? 1 : 0;
            }
            prefixGenuine[i + 1] = genuineTotal;
            prefixImpostor[i + 1] = impostorTotal;
            prefixFr[i + 1] = falseRejects;
            prefixFa[i + 1] = falseAccepts;
        }

        var points = new List<EdcPoint>(steps + 1);
        for (var s = 0; s <= steps; s++)
        {
            var fraction = discardLimit * s / steps;
            var k = (int)Math.Round(fraction * n);
            var genuine = genuineTotal - prefixGenuine[k];
            var impostor = impostorTotal - prefixImpostor[k];
            var fnmr = genuine == 0 ? 0 : (double)(falseRejects - prefixFr[k]) / genuine;
            var fmr = impostor == 0 ? 0 : (double)(falseAccepts - prefixFa[k]) / impostor;
            points.Add(new EdcPoint(fraction, genuine, impostor, fnmr, fmr));
        }

        double fnmrArea = 0, fmrArea = 0;
        for (var s = 1; s < points.Count; s++)
        {
            var width = points[s].DiscardFraction - points[s - 1].DiscardFraction;
            fnmrArea += width * (points[s].Fnmr + points[s - 1].Fnmr) / 2;
            fmrArea += width * (points[s].Fmr + points[s - 1].Fmr) / 2;
        }
        return new EdcCurve(measure, threshold, discardLimit, points, fnmrArea, fmrArea);
    }
}
