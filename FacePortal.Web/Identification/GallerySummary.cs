namespace FacePortal.Web.Identification;

/// <summary>A gallery to search in, as the Identify page lists it.</summary>
public sealed record GallerySummary(int Id, string Name, int Identities, int Images);
