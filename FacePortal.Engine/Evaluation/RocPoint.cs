namespace FacePortal.Engine.Evaluation;

/// <summary>
/// One ROC point: accepting score >= <see cref="Threshold"/> gives these rates. The first point of a curve has
/// threshold +Infinity (accept nothing: FAR = TAR = 0).
/// </summary>
public readonly record struct RocPoint(double Threshold, double Far, double Tar);
