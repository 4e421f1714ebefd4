namespace FacePortal.Web.Api;

public static class ApiEndpoints
{
    /// <summary>The REST API under /api (sign-in cookie or X-Api-Key).</summary>
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
