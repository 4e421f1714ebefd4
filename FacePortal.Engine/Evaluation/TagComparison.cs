namespace FacePortal.Engine.Evaluation;

/// <summary>A tag value and each run's FNMR and FMR on its pairs, in the order of the compared runs.</summary>
public sealed record TagComparison(string Tag, IReadOnlyList<TagRunRates> Runs);
