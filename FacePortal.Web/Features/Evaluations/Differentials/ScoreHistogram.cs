namespace FacePortal.Web.Features.Evaluations.Differentials;

/// <summary>
/// Scores of one kind of pair of one group as shares of its pairs per bin (bins shared by every group, in the model's
/// metric: distance or similarity), so groups of different sizes compare; pairs without a face are left out.
/// </summary>
public sealed record ScoreHistogram(IReadOnlyList<double> BinCentres, IReadOnlyList<double> Shares, int Pairs);
