namespace FacePortal.Web.Features.Accounts;

/// <summary>POST /api/users. <see cref="Password"/> empty: a one-time password is generated.</summary>
public sealed record CreateAccountRequest(string? Email, string? Role, string? Password);
