namespace FacePortal.Engine.Evaluation.Standards;

/// <summary>A point of the open-set identification trade-off at one threshold.</summary>
public readonly record struct OpenSetPoint(double Threshold, double Fpir, double Fnir);
