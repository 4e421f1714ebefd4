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
        .Require(o.AnalysisNeighbours is > 0 and <= 200, nameof(o.AnalysisNeighbours), "must be 1 to 200", o.AnalysisNeighbours)
        .Require(o.AnalysisNearCeiling >= o.NearDuplicateDistance, nameof(o.AnalysisNearCeiling), "must be at least NearDuplicateDistance", o.AnalysisNearCeiling)
        .Require(o.AnalysisDefectDistance > 0, nameof(o.AnalysisDefectDistance), "must be positive", o.AnalysisDefectDistance)
        .Require(o.AnalysisApproximateAbove >= 0, nameof(o.AnalysisApproximateAbove), "must be 0 or more", o.AnalysisApproximateAbove)
        .Require(o.AnalysisMaxStored > 0, nameof(o.AnalysisMaxStored), "must be positive", o.AnalysisMaxStored)
        .Result;
}
