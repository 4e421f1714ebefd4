using Microsoft.AspNetCore.Identity;

namespace FacePortal.Web.Features.Accounts;

/// <summary>What became of a password change; <see cref="User"/> is the account as it is now (new security stamp), to sign in again with.</summary>
public sealed record PasswordChangeResult(PasswordChangeOutcome Outcome, IdentityUser? User);
