using FacePortal.Web.Features.PairSets;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Evaluations;

public static class EvaluationServiceCollectionExtensions
{
    /// <summary>Pair sets, evaluation runs (the "evaluation" job handler) and their score cache.</summary>
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddSingleton<PairSetCatalog>();
        services.AddSingleton<PairSetGeneration>();
        services.AddSingleton<PairSetFiles>();
        services.AddSingleton<EvaluationScoreCache>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<OperatingPointService>();
        services.AddSingleton<IJobHandler, EvaluationJobHandler>();
        return services;
    }
}
