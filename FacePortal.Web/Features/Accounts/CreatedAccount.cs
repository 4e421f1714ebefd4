namespace FacePortal.Web.Features.Accounts;

/// <summary>A new account; <see cref="OneTimePassword"/> is the generated password, shown once (null when the admin chose one).</summary>
public sealed record CreatedAccount(string Id, string Email, string Role, string? OneTimePassword);
