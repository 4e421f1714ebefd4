namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>One point of an error-versus-discard curve: rates over the pairs left after discarding the worst fraction.</summary>
public readonly record struct EdcPoint(double DiscardFraction, int RemainingGenuine, int RemainingImpostor, double Fnmr, double Fmr);
