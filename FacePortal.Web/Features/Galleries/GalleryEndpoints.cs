using FacePortal.Web.Platform.Api;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// /api/galleries: list, read with counts, create (through <see cref="GalleryService"/>); the gallery's models, its
/// default model and the gallery-embed job (through <see cref="GalleryModelService"/>); errors as problems.
/// </summary>
internal static class GalleryEndpoints
{
    public static async Task<IResult> ListAsync(GalleryService galleries, CancellationToken cancellationToken) =>
        Results.Ok(await galleries.ListGalleriesAsync(cancellationToken));

    public static async Task<IResult> GetAsync(int id, GalleryService galleries, CancellationToken cancellationToken) =>
        await galleries.GetGalleryAsync(id, cancellationToken) is { } gallery ? Results.Ok(gallery) : ApiProblems.NotFound($"There is no gallery {id}.");

    public static async Task<IResult> CreateAsync(HttpContext http, GalleryService galleries, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiProblems.ReadJsonAsync<CreateGalleryRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var id = await galleries.CreateGalleryAsync(request!.Name ?? "", http.User, cancellationToken);
            return Results.Created($"/api/galleries/{id}", new { id });
        }
        catch (GalleryException e)
        {
            return e.NameTaken ? ApiProblems.Conflict(e.Message) : ApiProblems.BadRequest(e.Message);
        }
    }

    public static async Task<IResult> ModelsAsync(int id, GalleryModelService models, CancellationToken cancellationToken) =>
        await models.GetAsync(id, cancellationToken) is { } state ? Results.Ok(state) : ApiProblems.NotFound($"There is no gallery {id}.");

    public static Task<IResult> SetModelAsync(int id, HttpContext http, GalleryModelService models, CancellationToken cancellationToken) =>
        WithModelAsync(id, http, models, async request =>
        {
            await models.SetModelAsync(id, request.Model, http.User, cancellationToken);
            return Results.Ok(await models.GetAsync(id, cancellationToken));
        }, cancellationToken);

    public static Task<IResult> EmbedAsync(int id, HttpContext http, GalleryModelService models, CancellationToken cancellationToken) =>
        WithModelAsync(id, http, models, async request =>
        {
            var jobId = await models.StartEmbedAsync(id, request.Model ?? "", http.User, cancellationToken);
            return Results.Accepted($"/api/jobs/{jobId}", new { jobId });
        }, cancellationToken);

    /// <summary>GET /api/galleries/{id}/analysis: the stored analysis's status and lists (lists null until first computed).</summary>
    public static async Task<IResult> AnalysisAsync(int id, GalleryAnalysisService analysis, CancellationToken cancellationToken) =>
        await analysis.LoadAsync(id, withResult: true, cancellationToken) is { } stored
            ? Results.Ok(new { status = stored.Status, result = stored.Result })
            : ApiProblems.NotFound($"There is no gallery {id}.");

    /// <summary>POST /api/galleries/{id}/analysis: queues a refresh (or answers with the one already queued or running).</summary>
    public static async Task<IResult> RefreshAnalysisAsync(int id, HttpContext http, GalleryAnalysisService analysis, CancellationToken cancellationToken)
    {
        if (await analysis.StatusAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"There is no gallery {id}.");
        }
        try
        {
            var jobId = await analysis.RefreshAsync(id, http.User, cancellationToken);
            return Results.Accepted($"/api/jobs/{jobId}", new { jobId });
        }
        catch (GalleryException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> WithModelAsync(int id, HttpContext http, GalleryModelService models, Func<GalleryModelRequest, Task<IResult>> action, CancellationToken cancellationToken)
    {
        var (request, problem) = await ApiProblems.ReadJsonAsync<GalleryModelRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (await models.GetAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"There is no gallery {id}.");
        }
        try
        {
            return await action(request!);
        }
        catch (GalleryException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }
}
