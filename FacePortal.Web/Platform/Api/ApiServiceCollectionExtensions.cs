namespace FacePortal.Web.Platform.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The REST API's request rules: undefined enum values refused, binding failures answered as problem details.</summary>
    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new DefinedEnumConverterFactory()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Around the endpoints, so every binding failure they throw is caught.</summary>
    public static WebApplication UseBadRequestProblems(this WebApplication app)
    {
        app.UseMiddleware<BadRequestProblems>();
        return app;
    }
}
