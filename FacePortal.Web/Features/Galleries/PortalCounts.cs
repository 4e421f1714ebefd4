namespace FacePortal.Web.Features.Galleries;

/// <summary>The dashboard's totals.</summary>
public sealed record PortalCounts(int Galleries, int Identities, int Images, int Faces);
