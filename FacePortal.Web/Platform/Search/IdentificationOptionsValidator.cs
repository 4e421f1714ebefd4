using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Search;

public sealed class IdentificationOptionsValidator : IValidateOptions<IdentificationOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentificationOptions o) => new SettingChecks(IdentificationOptions.Section)
        .Require(o.ApproximateAbove >= 0, nameof(o.ApproximateAbove), "must be 0 (off) or positive", o.ApproximateAbove)
        .Require(o.Connectivity is >= 2 and <= 256, nameof(o.Connectivity), "must be in 2..256", o.Connectivity)
        .Require(o.ExpansionAdd > 0, nameof(o.ExpansionAdd), "must be positive", o.ExpansionAdd)
        .Require(o.ExpansionSearch > 0, nameof(o.ExpansionSearch), "must be positive", o.ExpansionSearch)
        .Require(o.RecallSample >= 0, nameof(o.RecallSample), "must be 0 or positive", o.RecallSample)
        .Result;
}
