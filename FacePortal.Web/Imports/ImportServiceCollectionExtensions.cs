namespace FacePortal.Web.Imports;

public static class ImportServiceCollectionExtensions
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddSingleton<ImportService>();
        return services;
    }
}
