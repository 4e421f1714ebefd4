using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Analysis;

internal sealed class AnalysisOptionsValidator : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions o) => new SettingChecks(AnalysisOptions.Section)
        .Require(o.MemoryBudgetMegabytes > 0, nameof(o.MemoryBudgetMegabytes), "must be positive", o.MemoryBudgetMegabytes)
        .Require(o.BytesPerPixel is > 0 and <= 64, nameof(o.BytesPerPixel), "must be in 1..64", o.BytesPerPixel)
        .Require(o.QueueTimeoutMilliseconds is >= 0 and <= 600_000, nameof(o.QueueTimeoutMilliseconds), "must be in 0..600000", o.QueueTimeoutMilliseconds)
        .Require(o.RetryAfterSeconds is > 0 and <= 3600, nameof(o.RetryAfterSeconds), "must be in 1..3600", o.RetryAfterSeconds)
        .Result;
}
