namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>One gate's verdict on a gallery: faces measured, how many are below it, and the worst few.</summary>
public sealed record GalleryGateFlags(QualityGate Gate, int Measured, int Below, IReadOnlyList<FlaggedFace> Worst);
