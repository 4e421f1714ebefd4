namespace FacePortal.Web.Features.Galleries;

/// <summary>A gallery with its totals (images counts every stored image, excluded ones too).</summary>
public sealed record GallerySummary(int Id, string Name, DateTimeOffset CreatedAt, int Identities, int Images, int Faces);
