namespace FacePortal.Web.Features.Evaluations;

/// <summary>The threshold the answer used (in the model's metric and as a score), where it came from, and its FMR and FNMR on the reference evaluation.</summary>
public sealed record CalibrationOperatingPoint(string Source, double Threshold, double Score, CalibratedRate FalseMatchRate, CalibratedRate FalseNonMatchRate);
