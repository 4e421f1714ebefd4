namespace FacePortal.Engine.Evaluation;

/// <summary>Equal error rate, interpolated where FRR and FAR cross, and the interpolated threshold there.</summary>
public readonly record struct EerResult(double Eer, double Threshold);
