using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Security;

public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options) => new SettingChecks(SecurityOptions.Section)
        .Require(options.HstsMaxAgeDays >= 0, nameof(options.HstsMaxAgeDays), "must be 0 (no HSTS) or more days", options.HstsMaxAgeDays)
        .Require(options.AllowedOrigins.All(IsOrigin), nameof(options.AllowedOrigins),
            "must list origins such as https://portal.example (scheme, host and optional port, no path)", string.Join(", ", options.AllowedOrigins))
        .Result;

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && !origin.EndsWith('/');
}
