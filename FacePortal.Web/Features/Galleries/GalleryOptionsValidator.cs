using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Galleries;

public sealed class GalleryOptionsValidator : IValidateOptions<GalleryOptions>
{
    public ValidateOptionsResult Validate(string? name, GalleryOptions o) => new SettingChecks(GalleryOptions.Section)
        .Require(o.NearDuplicateDistance > 0, nameof(o.NearDuplicateDistance), "must be positive", o.NearDuplicateDistance)
        .Require(Enum.IsDefined(o.Metric), nameof(o.Metric), $"must be one of {string.Join(", ", Enum.GetNames<DistanceMetric>())}", o.Metric)
        .Require(o.MaxPairs > 0, nameof(o.MaxPairs), "must be positive", o.MaxPairs)
        .Result;
}
