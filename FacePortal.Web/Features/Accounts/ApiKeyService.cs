using System.Security.Claims;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Accounts;

/// <summary>
/// API keys made in the portal: named, with a role (viewer or operator) and an optional expiry; the key is shown
/// once and stored as its SHA-256; revoked keys stay listed. <see cref="ApiKeyAuthenticationHandler"/> checks them.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<PortalDbContext> databases, TimeProvider time)
{
    public const string Created = "api-key-create";
    public const string Revoked = "api-key-revoke";

    /// <summary>The roles a key may have: an admin key would let a leaked secret manage accounts.</summary>
    public static readonly string[] KeyRoles = [Roles.Viewer, Roles.Operator];

    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        AdminCheck.Require(actor);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return keys.Select(k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.Role, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.RevokedAt,
            k.RevokedAt is not null ? "revoked" : k.ExpiresAt <= now ? "expired" : "active")).ToList();
    }

    public async Task<CreatedApiKey> CreateAsync(string? name, string? role, DateTimeOffset? expiresAt, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            throw new AccountException("Give the key a name of 1 to 100 characters.");
        }
        role = KeyRoles.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new AccountException($"A key's role is one of {string.Join(", ", KeyRoles)}.");
        var now = time.GetUtcNow();
        if (expiresAt <= now)
        {
            throw new AccountException("The expiry must be in the future.");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.Name == name && k.RevokedAt == null, cancellationToken))
        {
            throw new AccountException($"There is already a key named \"{name}\": revoke it first, or pick another name.", conflict: true);
        }
        var secret = ApiKeySecrets.Generate();
        var key = new ApiKey
        {
            Name = name, Prefix = ApiKeySecrets.Prefix(secret), Hash = ApiKeySecrets.Hash(secret), Role = role,
            CreatedAt = now, CreatedBy = who, ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        db.ApiKeys.Add(key);
        ActivityLog.Record(db, now, who, null, Created, $"{name} ({key.Prefix}...) as {role}{(expiresAt is { } e ? $", expires {e.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "")}");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(key.Id, name, role, key.ExpiresAt, secret);
    }

    /// <summary>Refused from now on (the next request with it gets 401); the key stays listed.</summary>
    public async Task RevokeAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var who = AdminCheck.Require(actor);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new AccountException($"There is no API key {id}.", notFound: true);
        if (key.RevokedAt is not null)
        {
            return;
        }
        var now = time.GetUtcNow();
        key.RevokedAt = now;
        key.RevokedBy = who;
        ActivityLog.Record(db, now, who, null, Revoked, $"{key.Name} ({key.Prefix}...)");
        await db.SaveChangesAsync(cancellationToken);
    }
}
