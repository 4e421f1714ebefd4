namespace FacePortal.Web.Features.Accounts;

/// <summary>A portal API key as listed: never the key itself, only its first characters.</summary>
public sealed record ApiKeySummary(int Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string State);
