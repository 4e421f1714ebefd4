namespace FacePortal.Web.Platform.Data;

/// <summary>
/// The score of one pair in one run: higher = more alike (minus the distance for Euclidean, the cosine similarity
/// for Cosine). A pair with an image without a usable face gets a score below every real one (a non-match).
/// </summary>
public sealed class PairScore
{
    public long Id { get; set; }

    public int RunId { get; set; }

    public int PairId { get; set; }

    public double Score { get; set; }

    /// <summary>The label the pair was scored under (a generated set takes it from the gallery's identities at run time).</summary>
    public bool Same { get; set; }

    /// <summary>One of the two images had no usable face: scored as a non-match.</summary>
    public bool MissingFace { get; set; }
}
