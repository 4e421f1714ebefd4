namespace FacePortal.Web.Platform.Analysis;

/// <summary>Milliseconds spent per stage of one request; <see cref="Embed"/> includes the alignment (also given alone).</summary>
public sealed record StageTimings(double Decode, double Detect, double Landmarks, double Align, double Embed, double Total);
