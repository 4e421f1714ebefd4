using FacePortal.Web.Platform.Settings;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    /// <summary>The face analyzer that verification, identification and the embed API share.</summary>
    public static IServiceCollection AddFaceAnalysis(this IServiceCollection services)
    {
        services.AddPortalOptions<AnalysisOptions, AnalysisOptionsValidator>(AnalysisOptions.Section);
        services.AddSingleton(sp => new MemoryBudget(sp.GetRequiredService<IOptions<AnalysisOptions>>().Value.MemoryBudgetMegabytes * 1024L * 1024));
        services.AddSingleton<FaceAnalyzer>();
        services.AddSingleton<GalleryImageLoader>();
        return services;
    }
}
