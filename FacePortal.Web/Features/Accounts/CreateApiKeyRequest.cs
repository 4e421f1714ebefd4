namespace FacePortal.Web.Features.Accounts;

/// <summary>POST /api/apikeys. <see cref="ExpiresAt"/> null: the key never expires.</summary>
public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);
