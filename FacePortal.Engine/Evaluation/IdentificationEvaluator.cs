using FacePortal.Engine.Recognition;
using FacePortal.Engine.Search;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Splits labelled descriptors into probes and a gallery (seeded) and measures 1:N identification: every identity
/// with at least two descriptors gives one probe (chosen at random) and keeps the rest in the gallery; identities
/// with one descriptor are left out of the gallery and probe it as strangers (open set).
/// </summary>
public static class IdentificationEvaluator
{
    public static readonly double[] Fars = [0.1, 0.01, 0.001];

    public static IdentificationEvaluation Evaluate(IReadOnlyList<float[]> descriptors, IReadOnlyList<int> identities, DistanceMetric metric,
        IdentityScoring scoring, int k, int seed, CancellationToken cancellationToken)
    {
        if (descriptors.Count != identities.Count)
        {
            throw new ArgumentException("One identity per descriptor.", nameof(identities));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var random = new Random(seed);
        var gallery = new List<GalleryIndexRow>();
        var mated = new List<(float[] Descriptor, int Identity)>();
        var strangers = new List<float[]>();
        foreach (var group in Enumerable.Range(0, descriptors.Count).GroupBy(i => identities[i]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            if (rows.Length == 1)
            {
                strangers.Add(descriptors[rows[0]]);
                continue;
            }
            var probe = rows[random.Next(rows.Length)];
            mated.Add((descriptors[probe], group.Key));
            gallery.AddRange(rows.Where(r => r != probe).Select(r => new GalleryIndexRow(r, r, group.Key, group.Key.ToString(), "", descriptors[r])));
        }
        if (gallery.Count == 0)
        {
            throw new InvalidOperationException("No identity has two descriptors: nothing to evaluate.");
        }

        using var index = new GalleryIndex(0, "", "", metric, descriptors[0].Length, gallery);
        var identityCount = index.IdentityCount;
        var maxRank = Math.Min(Math.Max(k, 20), identityCount);
        var ranks = new int[maxRank + 1];
        var firstDistance = new double[mated.Count];
        var firstIsRight = new bool[mated.Count];
        for (var p = 0; p < mated.Count; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ranked = index.Identify(mated[p].Descriptor, identityCount, scoring, allowApproximate: false);
            var rank = 1 + ranked.ToList().FindIndex(c => c.IdentityId == mated[p].Identity);
            if (rank >= 1 && rank <= maxRank)
            {
                ranks[rank]++;
            }
            firstDistance[p] = ranked[0].Distance;
            firstIsRight[p] = rank == 1;
        }
        var cmc = new double[maxRank];
        var cumulative = 0;
        for (var r = 1; r <= maxRank; r++)
        {
            cumulative += ranks[r];
            cmc[r - 1] = mated.Count == 0 ? 0 : (double)cumulative / mated.Count;
        }

        var alarms = strangers.Select(s => index.Identify(s, 1, scoring, allowApproximate: false)[0].Distance).Order().ToArray();
        var openSet = Fars.Select(far => OpenSet(far, alarms, firstDistance, firstIsRight)).ToList();
        return new IdentificationEvaluation(mated.Count, strangers.Count, identityCount, gallery.Count, scoring, seed,
            cmc.Length > 0 ? cmc[0] : 0, Math.Min(k, maxRank), cmc.Length > 0 ? cmc[Math.Min(k, maxRank) - 1] : 0, cmc, openSet);
    }

    // The threshold is the (a+1)-th smallest stranger distance, exclusive: at most a = floor(far * n) strangers pass.
    private static DirAtFar OpenSet(double far, double[] strangerDistances, double[] firstDistance, bool[] firstIsRight)
    {
        var n = strangerDistances.Length;
        if (n == 0 || n * far < 1 || firstDistance.Length == 0)
        {
            return new DirAtFar(far, null, null);
        }
        var allowed = (int)Math.Floor(far * n);
        var threshold = allowed < n ? strangerDistances[allowed] : double.PositiveInfinity;
        var detected = firstDistance.Where((d, p) => firstIsRight[p] && d < threshold).Count();
        return new DirAtFar(far, threshold, (double)detected / firstDistance.Length);
    }
}
