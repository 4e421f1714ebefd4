namespace FacePortal.Web.Features.Accounts;

/// <summary>
/// An account as the admin page lists it. <see cref="LockedUntil"/>: the end of a lockout after failed sign-ins
/// (disabled accounts say so instead); <see cref="MustChangePassword"/>: the password was set by someone else.
/// </summary>
public sealed record AccountSummary(string Id, string Email, string Role, bool Disabled, DateTimeOffset? LockedUntil, bool MustChangePassword);
