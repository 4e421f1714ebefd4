namespace FacePortal.Web.Features.Accounts;

/// <summary>A new API key; <see cref="Key"/> is the key itself, shown this once and never stored.</summary>
public sealed record CreatedApiKey(int Id, string Name, string Role, DateTimeOffset? ExpiresAt, string Key);
