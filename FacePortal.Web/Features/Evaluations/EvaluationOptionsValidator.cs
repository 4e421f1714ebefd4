using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Evaluations;

public sealed class EvaluationOptionsValidator : IValidateOptions<EvaluationOptions>
{
    public ValidateOptionsResult Validate(string? name, EvaluationOptions o) => new SettingChecks(EvaluationOptions.Section)
        .Require(o.BootstrapResamples is >= 1 and <= 100_000, nameof(o.BootstrapResamples), "must be in 1..100000", o.BootstrapResamples)
        .Require(o.ReportFmrTarget is > 0 and < 1, nameof(o.ReportFmrTarget), "must be in (0, 1)", o.ReportFmrTarget)
        .Require(o.CurveThresholds is >= 0 and <= 200, nameof(o.CurveThresholds), "must be in 0..200", o.CurveThresholds)
        .Require(o.ReferencePairSetId is null or > 0, nameof(o.ReferencePairSetId), "must be a pair set id (positive) or absent", o.ReferencePairSetId)
        .Result;
}
