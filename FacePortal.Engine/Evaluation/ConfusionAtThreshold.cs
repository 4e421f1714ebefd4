namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Counts at one threshold: a pair is accepted (predicted same) when score >= <see cref="Threshold"/>.
/// Positive = genuine (same identity). Rates over an empty set follow the "no errors" rule (see Rates):
/// FAR = 0 without impostors, FRR = 0 / TAR = 1 without genuines, precision = 1 when nothing is accepted.
/// </summary>
public readonly record struct ConfusionAtThreshold(
    double Threshold, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int GenuineCount => TruePositives + FalseNegatives;

    public int ImpostorCount => FalsePositives + TrueNegatives;

    public int Count => GenuineCount + ImpostorCount;

    public int Accepted => TruePositives + FalsePositives;

    /// <summary>False accept rate = false match rate: impostors accepted / impostors.</summary>
    public double Far => Rates.Ratio(FalsePositives, ImpostorCount, 0);

    /// <summary>False reject rate = false non-match rate: genuines rejected / genuines.</summary>
    public double Frr => Rates.Ratio(FalseNegatives, GenuineCount, 0);

    /// <summary>True accept rate = recall = 1 - FRR.</summary>
    public double Tar => Rates.Ratio(TruePositives, GenuineCount, 1);

    public double Fmr => Far;

    public double Fnmr => Frr;

    public double Accuracy => Rates.Ratio(TruePositives + TrueNegatives, Count, 1);

    public double Precision => Rates.Ratio(TruePositives, Accepted, 1);

    public double Recall => Tar;

    /// <summary>2TP / (2TP + FP + FN), the harmonic mean of precision and recall without the 0/0 trap.</summary>
    public double F1 => Rates.Ratio(2L * TruePositives, (2L * TruePositives) + FalsePositives + FalseNegatives, 1);
}
