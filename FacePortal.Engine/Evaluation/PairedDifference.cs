namespace FacePortal.Engine.Evaluation;

/// <summary>Run <see cref="Second"/> minus run <see cref="First"/> (indices into the compared runs): TAR at the target FAR and EER.</summary>
public sealed record PairedDifference(int First, int Second, DifferenceInterval TarAtFar, DifferenceInterval Eer);
