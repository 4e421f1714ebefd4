using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Draws verification pairs from a gallery's images, deterministically for a seed. Identities are dealt to folds
/// first (largest first, each to the fold holding the fewest images), so no identity spans two folds and both
/// classes of a fold come from its own identities. Genuine pairs are taken round-robin over the fold's identities,
/// so a person with hundreds of images does not crowd out the rest. Output: fold by fold, genuines then impostors
/// (the layout of LFW's pairs.txt). Every quota is first bounded by what the fold can give, no list is sized by a
/// quota, and every loop honours the cancellation token.
/// </summary>
public static class PairSetGenerator
{
    public const int DefaultPositives = 3000;
    public const int DefaultFolds = 10;

    /// <summary>The tag prefix of related-person impostors when none is given.</summary>
    public const string DefaultFamilyPrefix = "family:";

    /// <summary>An all-vs-all set larger than this is refused (it would take hours to store and score).</summary>
    public const long MaxAllVsAllPairs = 5_000_000;

    /// <summary>An identity with more candidate genuine pairs than this gets its pairs by sampling, not by listing them all.</summary>
    private const long MaxListedPairsPerIdentity = 2_000_000;

    /// <summary>
    /// What to draw. <c>TagPrefix</c>: for <see cref="NegativeSampling.Matched"/> (required) and
    /// <see cref="NegativeSampling.Related"/> (default <see cref="DefaultFamilyPrefix"/>), the tag prefix whose values
    /// the two images of an impostor pair must share.
    /// </summary>
    public sealed record Options(
        int Positives, int? Negatives, int Folds, int Seed, int MaxPairsPerIdentity, int MinImagesPerIdentity,
        NegativeSampling Sampling, bool AllVsAll, DistanceMetric Metric = DistanceMetric.Euclidean, string? TagPrefix = null)
    {
        /// <summary>The prefix the sampling mode uses (null for random and hard impostors).</summary>
        public string? EffectiveTagPrefix => Sampling switch
        {
            NegativeSampling.Matched => string.IsNullOrWhiteSpace(TagPrefix) ? null : TagPrefix.Trim(),
            NegativeSampling.Related => string.IsNullOrWhiteSpace(TagPrefix) ? DefaultFamilyPrefix : TagPrefix.Trim(),
            _ => null,
        };
    }

    /// <summary>The pairs, fold by fold; <paramref name="progress"/> gets the number drawn so far after each step of each fold.</summary>
    public static IReadOnlyList<GeneratedPair> Generate(IReadOnlyList<PairSourceImage> images, Options options,
        CancellationToken cancellationToken = default, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        Check(options);
        var identities = People(images, options, cancellationToken);
        return options.AllVsAll ? AllVsAll(identities, cancellationToken, progress) : Sampled(identities, options, cancellationToken, progress);
    }

    /// <summary>
    /// What the images can give with these options (see <see cref="PairSetCapacity"/>); cheap, nothing is drawn.
    /// Refuses, as <see cref="Generate"/> would, more folds than the identities allow.
    /// </summary>
    public static PairSetCapacity Capacity(IReadOnlyList<PairSourceImage> images, Options options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        Check(options);
        var people = People(images, options, cancellationToken);
        if (!options.AllVsAll)
        {
            CheckFolds(people, options.Folds);
        }
        var maxPer = Math.Max(1, options.MaxPairsPerIdentity);
        var genuine = people.Where(p => p.Images.Length >= 2)
            .Sum(p => Math.Min((long)p.Images.Length * (p.Images.Length - 1) / 2, maxPer));
        long impostor = 0;
        if (options.Sampling is NegativeSampling.Matched or NegativeSampling.Related)
        {
            foreach (var group in TagGroups(people, options, cancellationToken))
            {
                impostor += CrossIdentityPairs(group.GroupBy(i => i.IdentityId).Select(g => (long)g.Count()));
            }
        }
        else
        {
            impostor = CrossIdentityPairs(people.Select(p => (long)p.Images.Length));
        }
        // Each impostor pair uses two identities' allowances.
        impostor = Math.Min(impostor, (long)people.Count * maxPer / 2);
        var all = people.Sum(p => (long)p.Images.Length);
        return new PairSetCapacity(genuine, impostor, all * (all - 1) / 2);
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

    private static void Check(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Folds < 1)
        {
            throw new PairSetGenerationException("folds must be at least 1");
        }
        if (options.Positives < 0 || options.Negatives < 0 || options.MaxPairsPerIdentity < 1)
        {
            throw new PairSetGenerationException("pair counts cannot be negative and the per-identity limit must be at least 1");
        }
        if (!Enum.IsDefined(options.Sampling))
        {
            throw new PairSetGenerationException($"impostor sampling must be one of {string.Join(", ", Enum.GetNames<NegativeSampling>())}");
        }
        if (options.Sampling == NegativeSampling.Matched && !options.AllVsAll && options.EffectiveTagPrefix is null)
        {
            throw new PairSetGenerationException("matched impostors need a tag prefix (such as \"sex:\") whose values the two images of an impostor pair share");
        }
    }

    private static void CheckFolds(List<Person> people, int folds)
    {
        if (people.Count < 2L * folds)
        {
            throw new PairSetGenerationException(
                $"{folds} identity-disjoint folds need at least {2L * folds} identities (two per fold for impostor pairs); the gallery has {people.Count} usable. Use fewer folds.");
        }
    }

    private static List<Person> People(IReadOnlyList<PairSourceImage> images, Options options, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var familyPrefix = options.Sampling == NegativeSampling.Related ? options.EffectiveTagPrefix : null;
        // Sorted by id so that the same gallery always gives the same input order.
        return images
            .GroupBy(i => i.IdentityId)
            .Select(g =>
            {
                PairSourceImage[] own = [.. g.OrderBy(i => i.ImageId)];
                return new Person(g.Key, own, familyPrefix is null ? null : FamilyOf(own, familyPrefix));
            })
            .Where(p => p.Images.Length >= Math.Max(1, options.MinImagesPerIdentity))
            .OrderBy(p => p.IdentityId)
            .ToList();
    }

    /// <summary>An identity's family: the first value (ordinal) of the prefix among its images' and its own tags.</summary>
    private static string? FamilyOf(PairSourceImage[] images, string prefix) =>
        images.SelectMany(i => TagValues(i, prefix)).Order(StringComparer.Ordinal).FirstOrDefault();

    private static IEnumerable<string> TagValues(PairSourceImage image, string prefix) =>
        image.Tags is null ? [] : image.Tags.Where(t => t.Length > prefix.Length && t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal);

    /// <summary>Pairs between different identities among groups of these sizes: (S^2 - sum n^2) / 2.</summary>
    private static long CrossIdentityPairs(IEnumerable<long> sizes)
    {
        long sum = 0, squares = 0;
        foreach (var n in sizes)
        {
            sum += n;
            squares += n * n;
        }
        return (sum * sum - squares) / 2;
    }

    /// <summary>
    /// The images of each tag value (matched: per image; related: the family of the image's identity), in value
    /// order; only values shared by at least two identities.
    /// </summary>
    private static List<PairSourceImage[]> TagGroups(List<Person> people, Options options, CancellationToken ct)
    {
        var prefix = options.EffectiveTagPrefix!;
        var groups = new SortedDictionary<string, List<PairSourceImage>>(StringComparer.Ordinal);
        foreach (var p in people)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var image in p.Images)
            {
                var values = options.Sampling == NegativeSampling.Related ? (p.Family is null ? [] : [p.Family]) : TagValues(image, prefix);
                foreach (var v in values)
                {
                    if (!groups.TryGetValue(v, out var list))
                    {
                        groups[v] = list = [];
                    }
                    list.Add(image);
                }
            }
        }
        return [.. groups.Values.Where(g => g.Select(i => i.IdentityId).Distinct().Skip(1).Any()).Select(g => g.ToArray())];
    }

    private static List<GeneratedPair> AllVsAll(List<Person> people, CancellationToken ct, IProgress<long>? progress)
    {
        var all = people.SelectMany(p => p.Images).OrderBy(i => i.ImageId).ToArray();
        var total = (long)all.Length * (all.Length - 1) / 2;
        if (total > MaxAllVsAllPairs)
        {
            throw new PairSetGenerationException(
                $"all-vs-all on {all.Length} images is {total:N0} pairs; at most {MaxAllVsAllPairs:N0} are allowed (raise the minimum images per identity or use a smaller gallery)");
        }
        // Sized by the gallery (bounded above), not by anything a request asks for.
        var pairs = new List<GeneratedPair>((int)total);
        foreach (var same in new[] { true, false })
        {
            for (var i = 0; i < all.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                for (var j = i + 1; j < all.Length; j++)
                {
                    if ((all[i].IdentityId == all[j].IdentityId) == same)
                    {
                        pairs.Add(new GeneratedPair(all[i].ImageId, all[j].ImageId, same, 0));
                    }
                }
                progress?.Report(pairs.Count);
            }
        }
        return pairs;
    }

    private static List<GeneratedPair> Sampled(List<Person> people, Options options, CancellationToken ct, IProgress<long>? progress)
    {
        var folds = options.Folds;
        CheckFolds(people, folds);
        var random = new Random(options.Seed);
        var byFold = DealToFolds(people, folds, options.Sampling == NegativeSampling.Related, random);
        var result = new List<GeneratedPair>();
        for (var f = 0; f < folds; f++)
        {
            ct.ThrowIfCancellationRequested();
            var positives = Positives(byFold[f], Share(options.Positives, folds, f), options.MaxPairsPerIdentity, random, ct);
            result.AddRange(positives.Select(p => p with { Fold = f }));
            progress?.Report(result.Count);
            // Balanced by default: each fold gets as many impostors as it got genuines (so the set exports as pairs.txt).
            var negativeQuota = options.Negatives is { } n ? Share(n, folds, f) : positives.Count;
            var negatives = options.Sampling switch
            {
                NegativeSampling.Hard => HardNegatives(byFold[f], negativeQuota, options.MaxPairsPerIdentity, options.Metric, random, ct),
                NegativeSampling.Matched or NegativeSampling.Related =>
                    TagNegatives(TagGroups(byFold[f], options, ct), negativeQuota, options.MaxPairsPerIdentity, random, ct),
                _ => RandomNegatives(byFold[f], negativeQuota, options.MaxPairsPerIdentity, random, [], ct),
            };
            result.AddRange(negatives.Select(p => p with { Fold = f }));
            progress?.Report(result.Count);
        }
        return result;
    }

    /// <summary>Fold f's part of a total split over n folds (the first total % n folds get one more).</summary>
    private static int Share(int total, int folds, int f) => (total / folds) + (f < total % folds ? 1 : 0);

    /// <summary>
    /// Identities to folds; with <paramref name="byFamily"/>, each family's identities travel together (one unit),
    /// so related-person impostors can be drawn within a fold. Without families every unit is one identity.
    /// </summary>
    private static List<Person>[] DealToFolds(List<Person> people, int folds, bool byFamily, Random random)
    {
        var units = byFamily
            ? people.GroupBy(p => p.Family is null ? "\0" + p.IdentityId : p.Family, StringComparer.Ordinal)
                .OrderBy(g => g.Min(p => p.IdentityId)).Select(g => g.ToArray()).ToArray()
            : people.Select(p => new[] { p }).ToArray();
        random.Shuffle(units);
        // Largest first, each to the emptiest fold: the folds end up with nearly equal numbers of images. The stable
        // sort keeps the shuffled order among units of equal size.
        var ordered = units.OrderByDescending(u => u.Sum(p => p.Images.Length)).ToList();
        var byFold = Enumerable.Range(0, folds).Select(_ => new List<Person>()).ToArray();
        var load = new int[folds];
        foreach (var unit in ordered)
        {
            var target = 0;
            for (var f = 1; f < folds; f++)
            {
                if (load[f] < load[target] || (load[f] == load[target] && byFold[f].Count < byFold[target].Count))
                {
                    target = f;
                }
            }
            byFold[target].AddRange(unit);
            load[target] += unit.Sum(p => p.Images.Length);
        }
        return byFold;
    }

    private static List<GeneratedPair> Positives(List<Person> people, int quota, int maxPerIdentity, Random random, CancellationToken ct)
    {
        // Each identity's candidate pairs in random order; then one pair per identity per round.
        var queues = new List<Queue<GeneratedPair>>();
        foreach (var p in people.Where(p => p.Images.Length >= 2))
        {
            ct.ThrowIfCancellationRequested();
            var n = p.Images.Length;
            var total = (long)n * (n - 1) / 2;
            var take = (int)Math.Min(Math.Min(total, maxPerIdentity), quota);
            queues.Add(new Queue<GeneratedPair>(total <= MaxListedPairsPerIdentity
                ? ListedPairs(p, take, random, ct)
                : SampledPairs(p, take, random, ct)));
        }
        var order = queues.ToArray();
        random.Shuffle(order);
        var result = new List<GeneratedPair>();
        while (result.Count < quota)
        {
            ct.ThrowIfCancellationRequested();
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

    /// <summary>Every pair of the identity, shuffled; the first <paramref name="take"/>.</summary>
    private static IEnumerable<GeneratedPair> ListedPairs(Person p, int take, Random random, CancellationToken ct)
    {
        var candidates = new List<GeneratedPair>();
        for (var i = 0; i < p.Images.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            for (var j = i + 1; j < p.Images.Length; j++)
            {
                candidates.Add(new GeneratedPair(p.Images[i].ImageId, p.Images[j].ImageId, true, 0));
            }
        }
        var array = candidates.ToArray();
        random.Shuffle(array);
        return array.Take(take);
    }

    /// <summary>
    /// <paramref name="take"/> distinct random pairs of an identity too large to list (<paramref name="take"/> is at
    /// most the quota, itself bounded by the set's maximum, and far below the identity's pair count).
    /// </summary>
    private static List<GeneratedPair> SampledPairs(Person p, int take, Random random, CancellationToken ct)
    {
        var seen = new HashSet<(int, int)>();
        var pairs = new List<GeneratedPair>();
        while (pairs.Count < take)
        {
            if ((pairs.Count & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var i = random.Next(p.Images.Length);
            var j = random.Next(p.Images.Length);
            if (i == j)
            {
                continue;
            }
            var (a, b) = i < j ? (p.Images[i].ImageId, p.Images[j].ImageId) : (p.Images[j].ImageId, p.Images[i].ImageId);
            if (seen.Add((a, b)))
            {
                pairs.Add(new GeneratedPair(a, b, true, 0));
            }
        }
        return pairs;
    }

    private static List<GeneratedPair> RandomNegatives(List<Person> people, int quota, int maxPerIdentity, Random random,
        HashSet<(int, int)> taken, CancellationToken ct, Dictionary<int, int>? uses = null)
    {
        uses ??= [];
        // Never aim for more than the fold can give: the attempt budget follows the quota.
        quota = (int)Math.Min(quota, CrossIdentityPairs(people.Select(p => (long)p.Images.Length)));
        var result = new List<GeneratedPair>();
        var attempts = 0L;
        var maxAttempts = (quota * 50L) + 1000;
        while (result.Count < quota && attempts++ < maxAttempts)
        {
            if ((attempts & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
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

    /// <summary>
    /// Impostors within tag groups (matched values or families): a group with probability proportional to the
    /// square of its size, then two of its images at random, refused when they share an identity. That is uniform
    /// over all cross-identity pairs that share a value.
    /// </summary>
    private static List<GeneratedPair> TagNegatives(List<PairSourceImage[]> groups, int quota, int maxPerIdentity, Random random, CancellationToken ct)
    {
        var result = new List<GeneratedPair>();
        if (groups.Count == 0)
        {
            return result;
        }
        var capacity = groups.Sum(g => CrossIdentityPairs(g.GroupBy(i => i.IdentityId).Select(x => (long)x.Count())));
        quota = (int)Math.Min(quota, capacity);
        var cumulative = new long[groups.Count];
        long weight = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            weight += (long)groups[g].Length * groups[g].Length;
            cumulative[g] = weight;
        }
        var taken = new HashSet<(int, int)>();
        var uses = new Dictionary<int, int>();
        var attempts = 0L;
        var maxAttempts = (quota * 50L) + 1000;
        while (result.Count < quota && attempts++ < maxAttempts)
        {
            if ((attempts & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            var index = Array.BinarySearch(cumulative, random.NextInt64(weight));
            // BinarySearch gives the index of an exact match (the draw ends that group: it belongs to the next) or
            // the complement of the first larger entry.
            var group = groups[index >= 0 ? index + 1 : ~index];
            var a = group[random.Next(group.Length)];
            var b = group[random.Next(group.Length)];
            if (a.IdentityId == b.IdentityId || Uses(uses, a.IdentityId) >= maxPerIdentity || Uses(uses, b.IdentityId) >= maxPerIdentity)
            {
                continue;
            }
            var key = a.ImageId < b.ImageId ? (a.ImageId, b.ImageId) : (b.ImageId, a.ImageId);
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
    private static List<GeneratedPair> HardNegatives(List<Person> people, int quota, int maxPerIdentity, DistanceMetric metric, Random random, CancellationToken ct)
    {
        quota = (int)Math.Min(quota, CrossIdentityPairs(people.Select(p => (long)p.Images.Length)));
        var described = people.SelectMany(p => p.Images).Where(i => i.Descriptor is not null).ToArray();
        var perImage = Math.Max(8, (int)Math.Ceiling(4.0 * quota / Math.Max(1, described.Length)));
        var candidates = new List<(double Distance, int A, int B, int IdA, int IdB)>();
        var nearest = new PriorityQueue<int, double>();
        for (var i = 0; i < described.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
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
        var result = new List<GeneratedPair>();
        var seen = 0;
        foreach (var c in candidates.OrderBy(c => c.Distance).ThenBy(c => c.A).ThenBy(c => c.B))
        {
            if (result.Count >= quota)
            {
                break;
            }
            if ((++seen & 4095) == 0)
            {
                ct.ThrowIfCancellationRequested();
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
            result.AddRange(RandomNegatives(people, quota - result.Count, maxPerIdentity, random, taken, ct, uses));
        }
        return result;
    }

    private sealed record Person(int IdentityId, PairSourceImage[] Images, string? Family);
}
