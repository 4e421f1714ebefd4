namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// The LFW benchmark figure in LFW's own convention: 10-fold accuracy over all the protocol's pairs (each fold's
/// threshold chosen on the other nine), a pair with a failed image scored as a non-match.
/// </summary>
public sealed record ReportLfwConvention(double Accuracy, double AccuracyStandardDeviation, string Protocol, int Comparisons, string Convention);
