using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.EngineHost;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>Answers 503 up front, for endpoints that need the face engine, when the engine could not start.</summary>
public sealed class EngineRequiredFilter(FaceEngineHost host) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        host.State == EngineState.Failed
            ? ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, host.Error, "The face engine is not running")
            : await next(context);
}
