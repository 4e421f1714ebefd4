using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.EngineHost;

public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options) => new SettingChecks(PortalOptions.Section)
        .Require(!string.IsNullOrWhiteSpace(options.DataDirectory), nameof(options.DataDirectory), "must name a folder", options.DataDirectory)
        .Result;
}
