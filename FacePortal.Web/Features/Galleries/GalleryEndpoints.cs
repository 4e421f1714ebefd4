using FacePortal.Web.Platform.Api;

namespace FacePortal.Web.Features.Galleries;

/// <summary>/api/galleries: list, read with counts, create; all through <see cref="GalleryService"/>, its errors as problems.</summary>
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
}
