using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Evaluations;

public static class EvaluationServiceCollectionExtensions
{
    /// <summary>Pair sets, evaluation runs (the "evaluation" job handler), their score cache, report cards, run comparisons and score calibration.</summary>
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddSingleton<PairSetCatalog>();
        services.AddSingleton<PairSetGeneration>();
        services.AddSingleton<PairSetFiles>();
        services.AddPortalOptions<EvaluationOptions, EvaluationOptionsValidator>(EvaluationOptions.Section);
        services.AddSingleton<EvaluationScoreCache>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<OperatingPointService>();
        services.AddSingleton<ReportCardService>();
        services.AddSingleton<ModelComparisonService>();
        services.AddSingleton<ScoreCalibrationService>();
        services.AddSingleton<IJobHandler, EvaluationJobHandler>();
        return services;
    }
}
