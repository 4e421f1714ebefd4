namespace FacePortal.Engine.Evaluation;

/// <summary>
/// FAR and FRR per identity tag at one threshold (a pair is accepted when score >= threshold): a tag's genuine pairs
/// are those of identities with the tag, its impostor pairs those where both identities have it (same-group
/// impostors, the ones that differ most between groups). Tags compare case-insensitively.
/// </summary>
public static class TagRates
{
    /// <summary>One row per tag any identity has, ordered by tag.</summary>
    public static IReadOnlyList<TagRate> AtThreshold(IReadOnlyList<IdentityPairScore> pairs, IReadOnlyDictionary<int, IReadOnlyCollection<string>> tagsOf,
        double threshold)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(tagsOf);
        var sets = tagsOf.ToDictionary(t => t.Key, t => t.Value.ToHashSet(StringComparer.OrdinalIgnoreCase));
        var tags = sets.Values.SelectMany(t => t).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var rows = new List<TagRate>(tags.Count);
        foreach (var tag in tags)
        {
            bool Has(int identity) => sets.TryGetValue(identity, out var t) && t.Contains(tag);
            int genuine = 0, rejected = 0, impostor = 0, accepted = 0;
            foreach (var p in pairs)
            {
                if (!Has(p.IdentityA) || !Has(p.IdentityB))
                {
                    continue;
                }
                var accept = p.Score >= threshold;
                if (p.Same)
                {
                    genuine++;
                    rejected += accept ? 0 : 1;
                }
                else
                {
                    impostor++;
                    accepted += accept ? 1 : 0;
                }
            }
            rows.Add(new TagRate(tag, sets.Values.Count(t => t.Contains(tag)), genuine, rejected, impostor, accepted));
        }
        return rows;
    }
}
