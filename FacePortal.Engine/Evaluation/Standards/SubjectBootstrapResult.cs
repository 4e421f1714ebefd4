namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>
/// Subject-level bootstrap intervals (identities resampled with replacement; a genuine pair weighs its subject's
/// multiplicity, an impostor pair the product of both): FMR and FNMR at <see cref="Threshold"/>, AUC, EER and TAR at
/// each target FAR. Null AUC/EER when a kind of pair is missing.
/// </summary>
public sealed record SubjectBootstrapResult(
    int Resamples,
    int Seed,
    int Subjects,
    double Threshold,
    BootstrapInterval Fmr,
    BootstrapInterval Fnmr,
    BootstrapInterval? Auc,
    BootstrapInterval? Eer,
    IReadOnlyList<TarAtFarInterval> TarAtFar,
    TimeSpan Elapsed);
