namespace FacePortal.Web.Features.Accounts;

/// <summary>A request about accounts or keys that breaks a rule; the message says which.</summary>
public sealed class AccountException(string message, bool conflict = false, bool notFound = false) : Exception(message)
{
    /// <summary>The email or name is taken (409 in the API).</summary>
    public bool Conflict { get; } = conflict;

    public bool NotFound { get; } = notFound;
}
