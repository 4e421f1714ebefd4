using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Platform.Auth;

/// <summary>Sign-ins, failed sign-ins, lockouts and sign-outs, written to the activity log on their own.</summary>
public sealed class SecurityActivity(IDbContextFactory<PortalDbContext> databases, TimeProvider time)
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string PasswordChanged = "password-change";
    public const string ApiKeyUsed = "api-key-use";

    public async Task RecordAsync(string user, string action, string details, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        ActivityLog.Record(db, time.GetUtcNow(), Clean(user), null, action, details);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What someone typed, fit for the log: no control characters, at most 256 characters.</summary>
    public static string Clean(string? typed)
    {
        var text = new string((typed ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return text.Length == 0 ? "(empty)" : text.Length > 256 ? text[..256] : text;
    }
}
