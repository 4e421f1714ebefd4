using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Auth;

public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    // ASP.NET Core Identity is set up with this minimum (AuthServiceCollectionExtensions).
    public const int MinPasswordLength = 8;

    public ValidateOptionsResult Validate(string? name, AdminOptions options) => new SettingChecks(AdminOptions.Section)
        .Require(options.Email.Contains('@', StringComparison.Ordinal), nameof(options.Email), "must be an e-mail address", options.Email)
        .Require(string.IsNullOrEmpty(options.Password) || options.Password.Length >= MinPasswordLength, nameof(options.Password),
            $"must be empty (a one-time password is generated) or at least {MinPasswordLength} characters long", $"{options.Password?.Length} characters")
        .Result;
}
