namespace FacePortal.Web.Platform.Auth;

/// <summary>"FacePortal:Admin": the account created on the first start.</summary>
public sealed record AdminOptions
{
    public const string Section = "FacePortal:Admin";

    public string Email { get; init; } = "admin@faceportal.local";

    /// <summary>Empty: a one-time password is generated and written to the log.</summary>
    public string? Password { get; init; }
}
