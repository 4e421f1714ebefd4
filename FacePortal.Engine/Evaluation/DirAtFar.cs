namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Open-set detection-and-identification rate at a false-alarm rate: the share of mated probes ranked first and
/// below the threshold at which at most <see cref="Far"/> of the non-mated probes raise an alarm. Null when there
/// are too few non-mated probes to measure that rate.
/// </summary>
public sealed record DirAtFar(double Far, double? Threshold, double? Dir);
