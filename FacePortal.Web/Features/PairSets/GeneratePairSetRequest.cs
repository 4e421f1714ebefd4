using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.PairSets;

/// <summary>What to draw from a gallery. Nulls take the defaults (REST clients send only what they care about).</summary>
public sealed record GeneratePairSetRequest
{
    public int GalleryId { get; init; }

    public string? Name { get; init; }

    /// <summary>Genuine pairs wanted (default 3000, as LFW); fewer when the gallery cannot give them.</summary>
    public int? Positives { get; init; }

    /// <summary>Impostor pairs wanted; by default as many as positives were found, fold by fold (balanced).</summary>
    public int? Negatives { get; init; }

    /// <summary>Cross-validation folds (default 10); identities never span two folds.</summary>
    public int? Folds { get; init; }

    /// <summary>The same seed on the same gallery gives the same set.</summary>
    public int? Seed { get; init; }

    /// <summary>At most this many genuine pairs per identity, and at most this many impostor pairs it takes part in.</summary>
    public int? MaxPairsPerIdentity { get; init; }

    /// <summary>Identities with fewer usable images are left out entirely (default 1: singletons still give impostors).</summary>
    public int? MinImagesPerIdentity { get; init; }

    /// <summary>random (default), hard, matched (impostors share a tag value) or related (impostors within families).</summary>
    public NegativeSampling? NegativeSampling { get; init; }

    /// <summary>
    /// The tag prefix matched impostors share a value of (required for matched, e.g. "sex:"), or the family prefix of
    /// related impostors (default "family:"). Identity and image tags both count.
    /// </summary>
    public string? ImpostorTagPrefix { get; init; }

    /// <summary>Every genuine and every impostor pair of the gallery, in one fold (for very low FAR targets).</summary>
    public bool AllVsAll { get; init; }

    /// <summary>Leave out images where no usable face was found (by default they stay and count as non-matches).</summary>
    public bool RequireFace { get; init; }
}
