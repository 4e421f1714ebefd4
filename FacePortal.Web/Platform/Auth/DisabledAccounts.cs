using Microsoft.AspNetCore.Identity;

namespace FacePortal.Web.Platform.Auth;

/// <summary>
/// A disabled account is one locked out until the end of time: Identity then refuses every sign-in, and the
/// session checks end the ones already open. A lockout after failed sign-ins is temporary and ends no session.
/// </summary>
public static class DisabledAccounts
{
    public static readonly DateTimeOffset LockedUntil = DateTimeOffset.MaxValue;

    // The database keeps lockout ends to the millisecond, so the far-future end comes back a little earlier.
    public static bool IsDisabled(IdentityUser user) => user.LockoutEnd is { } end && end > LockedUntil.AddYears(-1);
}
