namespace FacePortal.Web.Features.Evaluations.Differentials;

public static class DifferentialsServiceCollectionExtensions
{
    /// <summary>Demographic differentials of evaluation runs, computed on demand and kept per request.</summary>
    public static IServiceCollection AddDifferentials(this IServiceCollection services) => services.AddSingleton<DifferentialService>();
}
