using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;

namespace FacePortal.Web.Features.Imports;

public static class ImportServiceCollectionExtensions
{
    /// <summary>
    /// The import service, its job handler ("import"), the upload sweeper, the limits ("FacePortal:Import") and the
    /// sweeper of unreferenced image files ("FacePortal:ImageFiles").
    /// </summary>
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddPortalOptions<ImportOptions, ImportOptionsValidator>(ImportOptions.Section);
        services.AddSingleton<ImportService>();
        services.AddSingleton<IJobHandler, ImportJobHandler>();
        services.AddSingleton<UploadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<UploadSweeper>());
        services.AddPortalOptions<ImageFileSweepOptions, ImageFileSweepOptionsValidator>(ImageFileSweepOptions.Section);
        services.AddSingleton<ImageFileSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ImageFileSweeper>());
        return services;
    }
}
