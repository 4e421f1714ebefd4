using FacePortal.Engine.Evaluation.Standards;
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

    /// <summary>
    /// Closed-set rank-k and CMC, and open-set DIR at FAR. <c>holdOut</c> (0 to <see cref="MaxHoldOut"/>) is the share
    /// of the identities with two or more images held out as strangers (seeded): none of their images is enrolled and
    /// one of them searches as a non-mated probe, beside the identities with a single image, so a gallery of repeated
    /// identities gets open-set figures too.
    /// </summary>
    public static IdentificationEvaluation Evaluate(IReadOnlyList<float[]> descriptors, IReadOnlyList<int> identities, DistanceMetric metric,
        IdentityScoring scoring, int k, int seed, CancellationToken cancellationToken, double holdOut = 0)
    {
        if (descriptors.Count != identities.Count)
        {
            throw new ArgumentException("One identity per descriptor.", nameof(identities));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var (gallery, mated, strangers) = Split(descriptors, identities, seed, holdOut);
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

    /// <summary>The gallery sizes measured by <see cref="EvaluateBySize"/>: shares of the enrolled identities.</summary>
    public static readonly double[] SizeFractions = [0.1, 0.25, 0.5, 1.0];

    /// <summary>Gallery sizes for which <see cref="EvaluateBySize"/> predicts FPIR beyond the measured ones.</summary>
    public static readonly long[] PredictedSizes = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    /// <summary>
    /// Open-set identification at 10/25/50/100% of the enrolled identities (seeded, nested subsets from
    /// <see cref="OpenSetIdentification.SubsampleIdentities"/>), over the same probe/gallery split as
    /// <see cref="Evaluate"/>: the mated searches are the probes of the identities kept, the non-mated ones the
    /// strangers (identities with one image), the same at every size so FPIR(N, T) can only grow with N. Per size and
    /// target FPIR (<see cref="OpenSetIdentification.FrteFpir"/> first, then <paramref name="targetFpirs"/>): the
    /// threshold, the FPIR there and FNIR(N, 1, T); the investigation mode's rank-based miss rate (threshold 0,
    /// <paramref name="candidates"/> candidates); and FPIR predicted for larger N from the identity-level FMR at the
    /// whole gallery's FRTE threshold.
    /// </summary>
    public static OpenSetBySize EvaluateBySize(IReadOnlyList<float[]> descriptors, IReadOnlyList<int> identities, DistanceMetric metric,
        IdentityScoring scoring, int candidates, int seed, IReadOnlyList<double> targetFpirs, CancellationToken cancellationToken, double holdOut = 0)
    {
        if (descriptors.Count != identities.Count)
        {
            throw new ArgumentException("One identity per descriptor.", nameof(identities));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(candidates);
        ArgumentNullException.ThrowIfNull(targetFpirs);
        foreach (var t in targetFpirs)
        {
            if (!(t >= 0 && t <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(targetFpirs), t, "A target FPIR must lie in [0, 1].");
            }
        }
        double[] targets = [OpenSetIdentification.FrteFpir, .. targetFpirs.Where(t => t != OpenSetIdentification.FrteFpir).Distinct()];
        var (gallery, mated, strangers) = Split(descriptors, identities, seed, holdOut);
        if (gallery.Count == 0)
        {
            throw new InvalidOperationException("No identity has two descriptors: nothing to evaluate.");
        }
        var enrolled = gallery.Select(g => g.IdentityId).Distinct().ToArray();
        var sizes = new List<OpenSetAtSize>();
        double? fmr = null, fmrThreshold = null;
        foreach (var fraction in SizeFractions)
        {
            var kept = OpenSetIdentification.SubsampleIdentities(enrolled, fraction, seed).ToHashSet();
            using var index = new GalleryIndex(0, "", "", metric, descriptors[0].Length, [.. gallery.Where(g => kept.Contains(g.IdentityId))]);
            var n = index.IdentityCount;
            var searches = new List<SearchOutcome>();
            foreach (var (probe, identity) in mated.Where(m => kept.Contains(m.Identity)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ranked = index.Identify(probe, n, scoring, allowApproximate: false);
                var at = ranked.ToList().FindIndex(c => c.IdentityId == identity);
                searches.Add(new SearchOutcome(true, at + 1, at >= 0 ? -ranked[at].Distance : double.NegativeInfinity, -ranked[0].Distance));
            }
            var strangerRanks = new List<IReadOnlyList<IdentityCandidate>>();
            foreach (var probe in strangers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ranked = index.Identify(probe, n, scoring, allowApproximate: false);
                strangerRanks.Add(ranked);
                searches.Add(new SearchOutcome(false, 0, double.NaN, -ranked[0].Distance));
            }
            var atFpir = targets.Select(target =>
            {
                if (strangers.Count == 0)
                {
                    return new OpenSetAtFpir(target, null, null, null);
                }
                // Scores are negated distances: accepting score >= s is accepting distance <= -s.
                var score = OpenSetIdentification.ThresholdForFpir(searches, target);
                return new OpenSetAtFpir(target, double.IsFinite(score) ? -score : null, OpenSetIdentification.Fpir(searches, score),
                    searches.Any(s => s.Mated) ? OpenSetIdentification.Fnir(searches, 1, score) : null);
            }).ToList();
            var miss = OpenSetIdentification.InvestigationMissRate(searches, Math.Min(candidates, n));
            // Scores are negated distances: the curve is given in distances, ascending.
            var curve = strangers.Count > 0 && searches.Any(s => s.Mated)
                ? OpenSetIdentification.Curve(searches, 1, CurvePoints).Select(p => p with { Threshold = -p.Threshold }).Reverse().ToList()
                : [];
            sizes.Add(new OpenSetAtSize(fraction, n, searches.Count(s => s.Mated), strangers.Count, atFpir, miss[0], miss[^1]) { Curve = curve });
            if (fraction == 1.0 && atFpir[0].Threshold is { } threshold && double.IsFinite(threshold))
            {
                // Identity-level FMR: the share of (stranger, enrolled identity) comparisons accepted at the threshold.
                fmrThreshold = threshold;
                fmr = (double)strangerRanks.Sum(r => r.Count(c => c.Distance <= threshold)) / ((long)strangers.Count * n);
            }
        }
        var predicted = fmr is { } f
            ? PredictedSizes.Where(p => p > sizes[^1].Identities).Prepend(sizes[^1].Identities)
                .Select(p => new PredictedFpir(p, OpenSetIdentification.PredictedFpir(f, p))).ToList()
            : [];
        return new OpenSetBySize(targets, candidates, sizes, fmr, fmrThreshold, predicted);
    }

    /// <summary>Largest share of repeated identities <see cref="Evaluate"/> holds out as strangers.</summary>
    public const double MaxHoldOut = 0.9;

    /// <summary>Points of each gallery size's FPIR-FNIR curve: enough for a smooth chart, cheap to compute and send.</summary>
    public const int CurvePoints = 100;

    // Every identity with at least two descriptors gives one probe (seeded) and keeps the rest in the gallery;
    // identities with one descriptor are strangers, and so is the held-out share of the others (one probe each, none
    // enrolled). The hold-out draw uses its own generator, so the probes of the identities kept stay those of holdOut 0.
    private static (List<GalleryIndexRow> Gallery, List<(float[] Descriptor, int Identity)> Mated, List<float[]> Strangers) Split(
        IReadOnlyList<float[]> descriptors, IReadOnlyList<int> identities, int seed, double holdOut)
    {
        if (!(holdOut >= 0 && holdOut <= MaxHoldOut))
        {
            throw new ArgumentOutOfRangeException(nameof(holdOut), holdOut, $"The share of identities held out as strangers must lie in [0, {MaxHoldOut}].");
        }
        var random = new Random(seed);
        var groups = Enumerable.Range(0, descriptors.Count).GroupBy(i => identities[i]).OrderBy(g => g.Key).Select(g => (g.Key, Rows: g.ToArray())).ToList();
        var repeated = groups.Where(g => g.Rows.Length > 1).Select(g => g.Key).ToArray();
        new Random(HashSeed(seed)).Shuffle(repeated);
        var heldOut = repeated.Take((int)Math.Round(holdOut * repeated.Length)).ToHashSet();
        var gallery = new List<GalleryIndexRow>();
        var mated = new List<(float[] Descriptor, int Identity)>();
        var strangers = new List<float[]>();
        foreach (var (key, rows) in groups)
        {
            if (rows.Length == 1)
            {
                strangers.Add(descriptors[rows[0]]);
                continue;
            }
            var probe = rows[random.Next(rows.Length)];
            if (heldOut.Contains(key))
            {
                strangers.Add(descriptors[probe]);
                continue;
            }
            mated.Add((descriptors[probe], key));
            gallery.AddRange(rows.Where(r => r != probe).Select(r => new GalleryIndexRow(r, r, key, key.ToString(), "", descriptors[r])));
        }
        return (gallery, mated, strangers);
    }

    private static int HashSeed(int seed) => unchecked(seed * 7919 + 104729);

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
