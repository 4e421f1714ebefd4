namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Best-accuracy threshold by one ascending sweep over the sorted items, optionally leaving one fold out.
/// Candidates (as face-api's lfw.mjs and the usual LFW code): below all scores, the midpoint of each two adjacent
/// distinct scores, above all scores; ties between equally accurate candidates go to their lower median.
/// </summary>
internal sealed class ThresholdSweep(SortedScores scores)
{
    // Thresholds of the candidates tied at the best accuracy so far, ascending; reused across folds.
    private double[] _tied = [];

    /// <summary>The best threshold on all items except those of fold index <paramref name="excludedFold"/> (-1: none).</summary>
    public BestThresholdResult Best(int excludedFold)
    {
        var items = scores.ItemScores;
        var codes = scores.ItemCodes;
        if (_tied.Length < items.Length + 1)
        {
            _tied = new double[items.Length + 1];
        }

        var genuine = scores.GenuineCount;
        var count = scores.Count;
        if (excludedFold >= 0)
        {
            genuine -= scores.FoldGenuine(excludedFold);
            count -= scores.FoldGenuine(excludedFold) + scores.FoldImpostor(excludedFold);
        }

        var correct = genuine; // threshold below everything: all accepted, the genuines are right
        var best = -1;
        var tied = 0;
        var any = false;
        var previous = 0.0;
        for (var i = 0; i < items.Length; i++)
        {
            var code = codes[i];
            if (code >> 1 == excludedFold)
            {
                continue;
            }

            var v = items[i];
            if (!any)
            {
                Consider(BelowAll(v), correct, ref best, ref tied);
                any = true;
            }
            else if (v != previous)
            {
                Consider(Midpoint(previous, v), correct, ref best, ref tied);
            }

            // Item i now lies below the next candidate: rejected, right for an impostor.
            correct += (code & 1) != 0 ? -1 : 1;
            previous = v;
        }

        // No threshold rejects a +Infinity score under "accept score >= t", so that candidate does not exist.
        if (previous != double.PositiveInfinity)
        {
            Consider(AboveAll(previous), correct, ref best, ref tied);
        }

        return new BestThresholdResult(_tied[(tied - 1) / 2], (double)best / count, best, count, tied);
    }

    private void Consider(double threshold, int correct, ref int best, ref int tied)
    {
        if (correct > best)
        {
            best = correct;
            tied = 0;
        }

        if (correct == best)
        {
            _tied[tied++] = threshold;
        }
    }

    /// <summary>The midpoint of a &lt; b, nudged to b where rounding would let it reach a (accept >= t keeps a out).</summary>
    internal static double Midpoint(double a, double b)
    {
        var m = (a + b) / 2;
        if (double.IsInfinity(m) && double.IsFinite(a) && double.IsFinite(b))
        {
            m = (a / 2) + (b / 2);
        }

        return m > a ? m : b;
    }

    private static double BelowAll(double v) => v - 1 < v ? v - 1 : v;

    private static double AboveAll(double v) => v + 1 > v ? v + 1 : Math.BitIncrement(v);
}
