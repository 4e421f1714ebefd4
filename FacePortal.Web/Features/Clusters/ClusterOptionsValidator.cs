using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Clusters;

public sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions o) => new SettingChecks(ClusterOptions.Section)
        .Require(o.Neighbours is >= 1 and <= 200, nameof(o.Neighbours), "must lie in 1..200", o.Neighbours)
        .Require(o.CheckpointFaces is >= 1 and <= 1_000_000, nameof(o.CheckpointFaces), "must lie in 1..1000000", o.CheckpointFaces)
        .Require(o.SampleSize is >= 10 and <= 20_000, nameof(o.SampleSize), "must lie in 10..20000", o.SampleSize)
        .Require(o.MaxClustersShown > 0, nameof(o.MaxClustersShown), "must be positive", o.MaxClustersShown)
        .Require(o.MaxSuggestions > 0, nameof(o.MaxSuggestions), "must be positive", o.MaxSuggestions)
        .Require(o.RejectedShare is > 0 and <= 1, nameof(o.RejectedShare), "must lie in (0, 1]", o.RejectedShare)
        .Require(o.SplitFactor is > 0 and < 1, nameof(o.SplitFactor), "must lie in (0, 1)", o.SplitFactor)
        .Result;
}
