using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

public sealed class ImageFileSweepOptionsValidator : IValidateOptions<ImageFileSweepOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageFileSweepOptions o) => new SettingChecks(ImageFileSweepOptions.Section)
        .Require(o.GracePeriod > TimeSpan.Zero, nameof(o.GracePeriod), "must be a positive time span (hh:mm:ss)", o.GracePeriod)
        .Require(o.SweepInterval >= TimeSpan.FromSeconds(1), nameof(o.SweepInterval), "must be at least 00:00:01", o.SweepInterval)
        .Result;
}
