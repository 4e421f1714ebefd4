namespace FacePortal.Web.Platform.EngineHost;

public static class HealthEndpoint
{
    /// <summary>GET /health: no sign-in; says which execution provider and models are in use.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (FaceEngineHost host) => Results.Json(new
        {
            status = host.State switch
            {
                EngineState.Ready => "ok",
                EngineState.Starting => "starting",
                _ => "degraded",
            },
            executionProvider = host.Engine?.ExecutionProvider,
            gpu = host.Engine?.GpuName,
            models = host.Engine?.Models.Select(m => m.Name).ToArray() ?? [],
            error = host.Error,
        })).AllowAnonymous();
        return endpoints;
    }
}
