namespace FacePortal.Web.Platform.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>The face analyzer that verification, identification and the embed API share.</summary>
    public static IServiceCollection AddFaceAnalysis(this IServiceCollection services)
    {
        services.AddSingleton<FaceAnalyzer>();
        return services;
    }
}
