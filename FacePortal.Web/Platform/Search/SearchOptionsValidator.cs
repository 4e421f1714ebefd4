using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Search;

public sealed class SearchOptionsValidator : IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, SearchOptions o) => new SettingChecks(SearchOptions.Section)
        .Require(Enum.IsDefined(o.Mode), nameof(o.Mode), "must be Embedded or Cluster", o.Mode)
        .Require(o.Shards is >= 1 and <= 4096, nameof(o.Shards), "must be in 1..4096", o.Shards)
        .Require(o.DeadlineMilliseconds is >= 10 and <= 60_000, nameof(o.DeadlineMilliseconds), "must be in 10..60000", o.DeadlineMilliseconds)
        .Require(o.PushIntervalMilliseconds is >= 0 and <= 60_000, nameof(o.PushIntervalMilliseconds), "must be in 0..60000", o.PushIntervalMilliseconds)
        .Result;
}
