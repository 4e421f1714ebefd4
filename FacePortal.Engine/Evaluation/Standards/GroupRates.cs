namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// One group's error rates at the global threshold: FNMR over its genuine pairs and FMR over impostor pairs with
/// both sides in the group, each with a subject-level bootstrap interval.
/// </summary>
public sealed record GroupRates(string Group, BootstrapInterval Fnmr, BootstrapInterval Fmr);
