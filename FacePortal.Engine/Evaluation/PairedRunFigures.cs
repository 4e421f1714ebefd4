using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Engine.Evaluation;

/// <summary>One run's TAR at the target FAR and EER on the full data, with intervals from the paired resamples.</summary>
public sealed record PairedRunFigures(BootstrapInterval TarAtFar, BootstrapInterval Eer);
