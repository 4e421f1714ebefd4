using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Draws verification pairs from a gallery's images, deterministically for a seed. Identities are dealt to folds
/// first (largest first, each to the fold holding the fewest images), so no identity spans two folds and both
/// classes of a fold come from its own identities. Genuine pairs are taken round-robin over the fold's identities,
/// so a person with hundreds of images does not crowd out the rest. Output: fold by fold, genuines then impostors
/// (the layout of LFW's pairs.txt).
/// </summary>
public static class PairSetGenerator
{
    public const int DefaultPositives = 3000;
    public const int DefaultFolds = 10;

    /// <summary>An all-vs-all set larger than this is refused (it would take hours to store and score).</summary>
    public const long MaxAllVsAllPairs = 5_000_000;

    public sealed record Options(
        int Positives, int? Negatives, int Folds, int Seed, int MaxPairsPerIdentity, int MinImagesPerIdentity,
        NegativeSampling Sampling, bool AllVsAll, DistanceMetric Metric = DistanceMetric.Euclidean);

    public static IReadOnlyList<GeneratedPair> Generate(IReadOnlyList<PairSourceImage> images, Options options)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Folds < 1)
        {
            throw new PairSetGenerationException("folds must be at least 1");
        }
        if (options.Positives < 0 || options.Negatives < 0 || options.MaxPairsPerIdentity < 1)
        {
            throw new PairSetGenerationException("pair counts cannot be negative and the per-identity limit must be at least 1");
        }

        // Sorted by id so that the same gallery always gives the same input order.
        var identities = images
            .GroupBy(i => i.IdentityId)
            .Select(g => new Person(g.Key, [.. g.OrderBy(i => i.ImageId)]))
            .Where(p => p.Images.Length >= Math.Max(1, options.MinImagesPerIdentity))
            .OrderBy(p => p.IdentityId)
            .ToList();

        return options.AllVsAll ? AllVsAll(identities) : Sampled(identities, options);
    }

    /// <summary>
    /// The most genuine pairs a sampled set can hold from these images: every identity with at least two (and at
    /// least <paramref name="minImagesPerIdentity"/>) images gives all its pairs, up to <paramref name="maxPairsPerIdentity"/>.
    /// </summary>
    public static long GenuineCapacity(IReadOnlyList<PairSourceImage> images, int minImagesPerIdentity, int maxPairsPerIdentity)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.GroupBy(i => i.IdentityId)
            .Select(g => (long)g.Count())
            .Where(n => n >= Math.Max(2, minImagesPerIdentity))
            .Sum(n => Math.Min(n * (n - 1) / 2, Math.Max(1, maxPairsPerIdentity)));
    }

    private static List<GeneratedPair> AllVsAll(List<Person> people)
    {
        var all = people.SelectMany(p => p.Images).OrderBy(i => i.ImageId).ToArray();
        var total = (long)all.Length * (all.Length - 1) / 2;
        if (total > MaxAllVsAllPairs)
        {
            throw new PairSetGenerationException(
                $"all-vs-all on {all.Length} images is {total:N0} pairs; at most {MaxAllVsAllPairs:N0} are allowed (raise the minimum images per identity or use a smaller gallery)");
        }
        var pairs = new List<GeneratedPair>((int)total);
        for (var i = 0; i < all.Length; i++)
        {
            for (var j = i + 1; j < all.Length; j++)
            {
                if (all[i].IdentityId == all[j].IdentityId)
                {
                    pairs.Add(new GeneratedPair(all[i].ImageId, all[j].ImageId, true, 0));
                }
            }
        }
        for (var i = 0; i < all.Length; i++)
        {
            for (var j = i + 1; j < all.Length; j++)
            {
                if (all[i].IdentityId != all[j].IdentityId)
                {
                    pairs.Add(new GeneratedPair(all[i].ImageId, all[j].ImageId, false, 0));
                }
            }
        }
        return pairs;
    }

    private static List<GeneratedPair> Sampled(List<Person> people, Options options)
    {
        var folds = options.Folds;
        if (people.Count < 2 * folds)
        {
            throw new PairSetGenerationException(
                $"{folds} identity-disjoint folds need at least {2 * folds} identities (two per fold for impostor pairs); the gallery has {people.Count} usable. Use fewer folds.");
        }
        var random = new Random(options.Seed);
        var byFold = DealToFolds(people, folds, random);
        var result = new List<GeneratedPair>();
        for (var f = 0; f < folds; f++)
        {
            var positives = Positives(byFold[f], Share(options.Positives, folds, f), options.MaxPairsPerIdentity, random);
            // Balanced by default: each fold gets as many impostors as it got genuines (so the set exports as pairs.txt).
            var negativeQuota = options.Negatives is { } n ? Share(n, folds, f) : positives.Count;
            var negatives = options.Sampling == NegativeSampling.Hard
                ? HardNegatives(byFold[f], negativeQuota, options.MaxPairsPerIdentity, options.Metric, random)
                : RandomNegatives(byFold[f], negativeQuota, options.MaxPairsPerIdentity, random, []);
            result.AddRange(positives.Select(p => p with { Fold = f }));
            result.AddRange(negatives.Select(p => p with { Fold = f }));
        }
        return result;
    }

    /// <summary>Fold f's part of a total split over n folds (the first total % n folds get one more).</summary>
    private static int Share(int total, int folds, int f) => (total / folds) + (f < total % folds ? 1 : 0);

    private static List<Person>[] DealToFolds(List<Person> people, int folds, Random random)
    {
        var shuffled = people.ToArray();
        random.Shuffle(shuffled);
        // Largest first, each to the emptiest fold: the folds end up with nearly equal numbers of images. The stable
        // sort keeps the shuffled order among identities of equal size.
        var ordered = shuffled.OrderByDescending(p => p.Images.Length).ToList();
        var byFold = Enumerable.Range(0, folds).Select(_ => new List<Person>()).ToArray();
        var load = new int[folds];
        foreach (var p in ordered)
        {
            var target = 0;
            for (var f = 1; f < folds; f++)
            {
                if (load[f] < load[target] || (load[f] == load[target] && byFold[f].Count < byFold[target].Count))
                {
                    target = f;
                }
            }
            byFold[target].Add(p);
            load[target] += p.Images.Length;
        }
        return byFold;
    }

    private static List<GeneratedPair> Positives(List<Person> people, int quota, int maxPerIdentity, Random random)
    {
        // Each identity's candidate pairs in random order; then one pair per identity per round.
        var queues = new List<Queue<GeneratedPair>>();
        foreach (var p in people.Where(p => p.Images.Length >= 2))
        {
            var candidates = new List<GeneratedPair>(p.Images.Length * (p.Images.Length - 1) / 2);
            for (var i = 0; i < p.Images.Length; i++)
            {
                for (var j = i + 1; j < p.Images.Length; j++)
                {
                    candidates.Add(new GeneratedPair(p.Images[i].ImageId, p.Images[j].ImageId, true, 0));
                }
            }
            var array = candidates.ToArray();
            random.Shuffle(array);
            queues.Add(new Queue<GeneratedPair>(array.Take(maxPerIdentity)));
        }
        var order = queues.ToArray();
        random.Shuffle(order);
        var result = new List<GeneratedPair>(quota);
        while (result.Count < quota)
        {
            var any = false;
            foreach (var q in order)
            {
                if (result.Count >= quota)
                {
                    break;
                }
                if (q.TryDequeue(out var pair))
                {
                    result.Add(pair);
                    any = true;
                }
            }
            if (!any)
            {
                break;
            }
        }
        return result;
    }

    private static List<GeneratedPair> RandomNegatives(List<Person> people, int quota, int maxPerIdentity, Random random,
        HashSet<(int, int)> taken, Dictionary<int, int>? uses = null)
    {
        uses ??= [];
        var result = new List<GeneratedPair>(quota);
        var attempts = 0L;
        var maxAttempts = (quota * 50L) + 1000;
        while (result.Count < quota && attempts++ < maxAttempts)
        {
            var a = people[random.Next(people.Count)];
            var b = people[random.Next(people.Count)];
            if (a.IdentityId == b.IdentityId || Uses(uses, a.IdentityId) >= maxPerIdentity || Uses(uses, b.IdentityId) >= maxPerIdentity)
            {
                continue;
            }
            var x = a.Images[random.Next(a.Images.Length)].ImageId;
            var y = b.Images[random.Next(b.Images.Length)].ImageId;
            var key = x < y ? (x, y) : (y, x);
            if (!taken.Add(key))
            {
                continue;
            }
            uses[a.IdentityId] = Uses(uses, a.IdentityId) + 1;
            uses[b.IdentityId] = Uses(uses, b.IdentityId) + 1;
            result.Add(new GeneratedPair(key.Item1, key.Item2, false, 0));
        }
        return result;
    }

    private static int Uses(Dictionary<int, int> uses, int identity) => uses.GetValueOrDefault(identity);

    /// <summary>
    /// The closest impostor pairs of the fold: each image's nearest impostors by descriptor, pooled and taken closest
    /// first within the per-identity limit; random impostors fill up what descriptors cannot give.
    /// </summary>
    private static List<GeneratedPair> HardNegatives(List<Person> people, int quota, int maxPerIdentity, DistanceMetric metric, Random random)
    {
        var described = people.SelectMany(p => p.Images).Where(i => i.Descriptor is not null).ToArray();
        var perImage = Math.Max(8, (int)Math.Ceiling(4.0 * quota / Math.Max(1, described.Length)));
        var candidates = new List<(double Distance, int A, int B, int IdA, int IdB)>();
        var nearest = new PriorityQueue<int, double>();
        for (var i = 0; i < described.Length; i++)
        {
            nearest.Clear();
            for (var j = 0; j < described.Length; j++)
            {
                if (described[j].IdentityId == described[i].IdentityId)
                {
                    continue;
                }
                var d = DescriptorMath.Distance(described[i].Descriptor!, described[j].Descriptor!, metric);
                // Max-heap of the perImage closest (priority = -distance).
                if (nearest.Count < perImage)
                {
                    nearest.Enqueue(j, -d);
                }
                else if (nearest.TryPeek(out _, out var worst) && -d > worst)
                {
                    nearest.DequeueEnqueue(j, -d);
                }
            }
            while (nearest.TryDequeue(out var j, out var negated))
            {
                var (a, b) = described[i].ImageId < described[j].ImageId ? (described[i], described[j]) : (described[j], described[i]);
                candidates.Add((-negated, a.ImageId, b.ImageId, a.IdentityId, b.IdentityId));
            }
        }
        var taken = new HashSet<(int, int)>();
        var uses = new Dictionary<int, int>();
        var result = new List<GeneratedPair>(quota);
        foreach (var c in candidates.OrderBy(c => c.Distance).ThenBy(c => c.A).ThenBy(c => c.B))
        {
            if (result.Count >= quota)
            {
                break;
            }
            if (Uses(uses, c.IdA) >= maxPerIdentity || Uses(uses, c.IdB) >= maxPerIdentity || !taken.Add((c.A, c.B)))
            {
                continue;
            }
            uses[c.IdA] = Uses(uses, c.IdA) + 1;
            uses[c.IdB] = Uses(uses, c.IdB) + 1;
            result.Add(new GeneratedPair(c.A, c.B, false, 0));
        }
        if (result.Count < quota)
        {
            result.AddRange(RandomNegatives(people, quota - result.Count, maxPerIdentity, random, taken, uses));
        }
        return result;
    }

    private sealed record Person(int IdentityId, PairSourceImage[] Images);
}
