namespace FacePortal.Engine.Adaptation;

/// <summary>
/// A gallery's identities cut in two, never an identity on both sides: the head is trained on one part, measured on
/// the other. The same identities, fraction and seed always give the same split.
/// </summary>
public sealed record IdentitySplit(IReadOnlySet<int> Train, IReadOnlySet<int> HeldOut)
{
    /// <param name="identities">Identity ids (any order, duplicates ignored).</param>
    /// <param name="heldOutFraction">Share of identities held out, strictly between 0 and 1.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <exception cref="ArgumentException">A fraction out of range, or fewer than 2 identities (no side may be empty).</exception>
    public static IdentitySplit Make(IEnumerable<int> identities, double heldOutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(identities);
        if (!(heldOutFraction > 0 && heldOutFraction < 1))
        {
            throw new ArgumentException($"The held-out fraction must lie strictly between 0 and 1 (got {heldOutFraction}).");
        }
        // Sorted first, so the split depends on the ids and the seed, not on the order a query returned them in.
        var ids = identities.Distinct().Order().ToArray();
        if (ids.Length < 2)
        {
            throw new ArgumentException($"Splitting needs at least 2 identities (got {ids.Length}).");
        }
        new Random(seed).Shuffle(ids);
        var heldOut = Math.Clamp((int)Math.Round(ids.Length * heldOutFraction), 1, ids.Length - 1);
        return new IdentitySplit(ids.Take(ids.Length - heldOut).ToHashSet(), ids.Skip(ids.Length - heldOut).ToHashSet());
    }
}
