using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Features.Jobs;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Web.Platform.Api;

/// <summary>
/// The REST API under /api: sign-in cookie or X-Api-Key for everything, role admin or operator
/// (<see cref="Roles.CanEdit"/>) for changes; camelCase JSON; errors as problem details.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();

        api.MapGet("/galleries", GalleryEndpoints.ListAsync);
        api.MapGet("/galleries/{id:int}", GalleryEndpoints.GetAsync);
        api.MapPost("/galleries", GalleryEndpoints.CreateAsync).RequireAuthorization(Roles.CanEdit);
        api.MapPost("/galleries/{id:int}/import", ImportEndpoints.ImportAsync).RequireAuthorization(Roles.CanEdit);
        api.MapGet("/galleries/{id:int}/models", GalleryEndpoints.ModelsAsync).AddEndpointFilter<EngineRequiredFilter>();
        api.MapPut("/galleries/{id:int}/model", GalleryEndpoints.SetModelAsync).RequireAuthorization(Roles.CanEdit).AddEndpointFilter<EngineRequiredFilter>();
        api.MapPost("/galleries/{id:int}/embed", GalleryEndpoints.EmbedAsync).RequireAuthorization(Roles.CanEdit).AddEndpointFilter<EngineRequiredFilter>();
        api.MapGet("/galleries/{id:int}/analysis", GalleryEndpoints.AnalysisAsync);
        api.MapPost("/galleries/{id:int}/analysis", GalleryEndpoints.RefreshAnalysisAsync).RequireAuthorization(Roles.CanEdit);

        api.MapGet("/jobs", JobEndpoints.ListAsync);
        api.MapGet("/jobs/{id:int}", JobEndpoints.GetAsync);
        api.MapPost("/jobs/{id:int}/cancel", JobEndpoints.CancelAsync).RequireAuthorization(Roles.CanEdit);
        return endpoints;
    }
}
