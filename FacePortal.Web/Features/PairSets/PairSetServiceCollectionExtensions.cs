using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.PairSets;

public static class PairSetServiceCollectionExtensions
{
    /// <summary>Generation limits ("FacePortal:PairSets") and the job that generates large sets ("pairset-generate").</summary>
    public static IServiceCollection AddPairSets(this IServiceCollection services)
    {
        services.AddPortalOptions<PairSetOptions, PairSetOptionsValidator>(PairSetOptions.Section);
        services.AddSingleton<IJobHandler, PairSetJobHandler>();
        return services;
    }
}
