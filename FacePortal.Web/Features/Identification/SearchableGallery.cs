namespace FacePortal.Web.Features.Identification;

/// <summary>A gallery to search in, as the Identify page lists it.</summary>
public sealed record SearchableGallery(int Id, string Name, int Identities, int Images);
