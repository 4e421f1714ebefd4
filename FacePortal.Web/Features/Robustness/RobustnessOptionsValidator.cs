using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Robustness;

public sealed class RobustnessOptionsValidator : IValidateOptions<RobustnessOptions>
{
    public ValidateOptionsResult Validate(string? name, RobustnessOptions o) => new SettingChecks(RobustnessOptions.Section)
        .Require(o.MaxPairs is >= 1 and <= 100_000, nameof(o.MaxPairs), "must be in 1..100000", o.MaxPairs)
        .Require(o.DefaultPairs >= 1 && o.DefaultPairs <= o.MaxPairs, nameof(o.DefaultPairs), "must be in 1..MaxPairs", o.DefaultPairs)
        .Require(o.ExamplesPerGoal is >= 0 and <= 20, nameof(o.ExamplesPerGoal), "must be in 0..20", o.ExamplesPerGoal)
        .Require(o.TorchThreads is >= 0 and <= 256, nameof(o.TorchThreads), "must be in 0..256 (0: libtorch's default)", o.TorchThreads)
        .Result;
}
