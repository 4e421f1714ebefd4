namespace FacePortal.Web.Features.Evaluations;

/// <summary>Save a threshold of a run as a named operating point of its model.</summary>
public sealed record OperatingPointRequest(string Name, double Threshold);
