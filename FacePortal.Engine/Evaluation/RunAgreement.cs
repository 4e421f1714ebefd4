namespace FacePortal.Engine.Evaluation;

/// <summary>The agreement of runs <see cref="First"/> and <see cref="Second"/>: over all pairs, the mated ones and the non-mated ones.</summary>
public sealed record RunAgreement(int First, int Second, AgreementTable All, AgreementTable Mated, AgreementTable NonMated);
