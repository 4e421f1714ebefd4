namespace FacePortal.Web.Platform.Security;

/// <summary>"FacePortal:Security".</summary>
public sealed record SecurityOptions
{
    public const string Section = "FacePortal:Security";

    /// <summary>
    /// Origins besides the portal's own (scheme://host[:port]) from which signed-in browsers may send changes:
    /// only needed behind a proxy that does not pass the public Host header on.
    /// </summary>
    public string[] AllowedOrigins { get; init; } = [];

    /// <summary>Strict-Transport-Security max-age on HTTPS responses outside Development; 0 sends none.</summary>
    public int HstsMaxAgeDays { get; init; } = 365;
}
