using FacePortal.Web.Jobs;
using FacePortal.Web.PairSets;

namespace FacePortal.Web.Evaluations;

public static class EvaluationServiceCollectionExtensions
{
    /// <summary>Pair sets, evaluation runs (the "evaluation" job handler) and their score cache.</summary>
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddSingleton<PairSetService>();
        services.AddSingleton<EvaluationScoreCache>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<IJobHandler, EvaluationJobHandler>();
        return services;
    }
}
