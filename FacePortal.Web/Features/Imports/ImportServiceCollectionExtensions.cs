using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Imports;

public static class ImportServiceCollectionExtensions
{
    /// <summary>The import service, its job handler ("import"), the upload sweeper and the limits ("FacePortal:Import").</summary>
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddPortalOptions<ImportOptions, ImportOptionsValidator>(ImportOptions.Section);
        services.AddSingleton<ImportService>();
        services.AddSingleton<IJobHandler, ImportJobHandler>();
        services.AddSingleton<UploadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadSweeper>());
        return services;
    }
}
