namespace FacePortal.Web.Platform.Jobs;

public static class JobServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobNotifier>();
        services.AddSingleton<JobService>();
        services.AddHostedService<JobRunner>();
        return services;
    }
}
