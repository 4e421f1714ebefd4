namespace FacePortal.Web.Features.Evaluations.Quality;

public static class QualityServiceCollectionExtensions
{
    /// <summary>Error versus discard of evaluation runs and the models' quality gates.</summary>
    public static IServiceCollection AddQualityGates(this IServiceCollection services)
    {
        services.AddSingleton<QualityGateStore>();
        services.AddSingleton<QualityService>();
        return services;
    }
}
