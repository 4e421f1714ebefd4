using FacePortal.Web.Features.PairSets;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>A pair the threshold gets wrong: a false accept (impostor scored high) or a false reject (genuine scored low).</summary>
public sealed record ErrorPair(PairView Pair, double Score, bool MissingFace);
