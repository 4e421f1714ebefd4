namespace FacePortal.Web.Features.Accounts;

/// <summary>PUT /api/users/{id}/role.</summary>
public sealed record SetRoleRequest(string? Role);
