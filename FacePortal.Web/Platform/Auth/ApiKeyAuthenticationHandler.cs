using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// Signs in API clients by the X-Api-Key header: a key made in the portal (stored hashed; acts with its own role,
/// refused once revoked or expired), or one of the keys in "FacePortal:ApiKeys" (automation; acts as operator).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IConfiguration configuration, IDbContextFactory<PortalDbContext> databases, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    /// <summary>The id of the portal key a request was made with.</summary>
    public const string KeyIdClaim = "faceportal:api-key-id";

    /// <summary>Use is recorded (last-used time and activity) at most this often per key.</summary>
    public static readonly TimeSpan UseRecordInterval = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var sent) || string.IsNullOrEmpty(sent))
        {
            return AuthenticateResult.NoResult();
        }
        var given = sent.ToString();
        if (IsConfigured(given))
        {
            return Success([new Claim(ClaimTypes.Name, "api-key"), new Claim(ClaimTypes.Role, Roles.Operator)]);
        }
        var hash = ApiKeySecrets.Hash(given);
        await using var db = await databases.CreateDbContextAsync(Context.RequestAborted);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        var now = time.GetUtcNow();
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown API key.");
        }
        if (key.RevokedAt is not null || key.ExpiresAt <= now)
        {
            Logger.LogWarning("Refused the {State} API key {Name} ({Prefix}...)", key.RevokedAt is null ? "expired" : "revoked", key.Name, key.Prefix);
            return AuthenticateResult.Fail(key.RevokedAt is null ? "The API key has expired." : "The API key was revoked.");
        }
        var name = "key:" + key.Name;
        await RecordUseAsync(db, key, name, now);
        return Success([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, key.Role), new Claim(KeyIdClaim, key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private bool IsConfigured(string sent)
    {
        var keys = configuration.GetSection("FacePortal:ApiKeys").Get<string[]>() ?? [];
        var given = Encoding.UTF8.GetBytes(sent);
        // Constant-time comparison, so the response time does not reveal how much of a key was right.
        return keys.Any(k => k.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k), given));
    }

    /// <summary>
    /// Moves the last-used time on when it is a minute old, and logs the use then: a busy client makes one
    /// activity entry a minute, not one a request. The conditional update lets only one of concurrent requests win.
    /// </summary>
    private async Task RecordUseAsync(PortalDbContext db, ApiKey key, string name, DateTimeOffset now)
    {
        if (key.LastUsedAt is { } last && now - last < UseRecordInterval)
        {
            return;
        }
        var cutoff = now - UseRecordInterval;
        var moved = await db.ApiKeys
            .Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt <= cutoff))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        if (moved == 1)
        {
            ActivityLog.Record(db, now, name, null, SecurityActivity.ApiKeyUsed, $"{key.Prefix}... {Request.Method} {Request.Path}");
            await db.SaveChangesAsync(Context.RequestAborted);
        }
    }

    private AuthenticateResult Success(Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
