namespace FacePortal.Web.Platform.Data;

/// <summary>
/// A key an API client sends in X-Api-Key. Only the SHA-256 of the key is stored: the key itself is shown once,
/// when it is created.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The key's first characters, so a person can tell keys apart without the key itself.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the key, lower-case hex.</summary>
    public required string Hash { get; set; }

    /// <summary>"viewer" or "operator": what requests made with the key may do.</summary>
    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>Refused from this moment on; null: never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The latest accepted request, to the minute.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}
