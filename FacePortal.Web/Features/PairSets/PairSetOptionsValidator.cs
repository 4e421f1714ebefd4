using FacePortal.Engine.Evaluation;
using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.PairSets;

public sealed class PairSetOptionsValidator : IValidateOptions<PairSetOptions>
{
    public ValidateOptionsResult Validate(string? name, PairSetOptions o) => new SettingChecks(PairSetOptions.Section)
        .Require(o.MaxPairs is >= 1 and <= (int)PairSetGenerator.MaxAllVsAllPairs, nameof(o.MaxPairs), $"must be in 1..{PairSetGenerator.MaxAllVsAllPairs}", o.MaxPairs)
        .Require(o.JobAbovePairs >= 0, nameof(o.JobAbovePairs), "cannot be negative", o.JobAbovePairs)
        .Result;
}
