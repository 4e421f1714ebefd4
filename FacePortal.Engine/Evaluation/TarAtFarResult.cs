namespace FacePortal.Engine.Evaluation;

/// <summary>
/// The operating point with the largest TAR whose FAR is at most <see cref="TargetFar"/> (false accepts at most
/// floor(target x impostors)); among thresholds with that TAR the highest one, i.e. the lowest FAR.
/// <see cref="Threshold"/> is +Infinity when only "accept nothing" meets the target.
/// <see cref="Unreachable"/>: fewer than 1/target impostor pairs, so this FAR cannot be measured (the point is
/// still reported, at zero false accepts).
/// </summary>
public readonly record struct TarAtFarResult(
    double TargetFar,
    double Threshold,
    double Far,
    double Tar,
    int TrueAccepts,
    int FalseAccepts,
    int MaxFalseAccepts,
    int GenuineCount,
    int ImpostorCount,
    bool Unreachable);
