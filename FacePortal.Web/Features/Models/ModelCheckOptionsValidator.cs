using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Models;

public sealed class ModelCheckOptionsValidator : IValidateOptions<ModelCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelCheckOptions o) => new SettingChecks(ModelCheckOptions.Section)
        .Require(!string.IsNullOrWhiteSpace(o.LfwDirectory), nameof(o.LfwDirectory), "must name a folder", o.LfwDirectory)
        .Require(o.SampleSize is >= 20 and <= 100_000, nameof(o.SampleSize), "must be in 20..100000", o.SampleSize)
        .Require(o.TargetFar is > 0 and < 1, nameof(o.TargetFar), "must be in (0, 1)", o.TargetFar)
        .Result;
}
