namespace FacePortal.Web.Features.Galleries;

/// <summary>An identity in the gallery's list.</summary>
public sealed record IdentitySummary(int Id, string Name, IReadOnlyList<string> Tags, int Images, int Excluded, int WithFace);
