namespace FacePortal.Web.Features.Accounts;

public enum PasswordChangeOutcome
{
    Changed,

    /// <summary>The current password was wrong.</summary>
    WrongPassword,

    /// <summary>The new password breaks the password rules, or the two entries differ.</summary>
    Refused,
}
