using System.Security.Claims;
using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// REST undo of one curation entry of a gallery (any kind the activity log can undo: cluster naming, merges, moves...):
/// 404 unknown entry or one of another gallery, 400 an entry that cannot be undone, 409 already undone or, without
/// <c>confirm</c>, when later changes depend on it (the answer lists them).
/// </summary>
public static class CurationUndoEndpoints
{
    public static IEndpointRouteBuilder MapCurationUndoApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/galleries/{id:int}/activity/{entryId:long}/undo", UndoAsync).RequireAuthorization(Roles.CanEdit)
            .WithTags("Clusters")
            .WithName("UndoActivity")
            .WithSummary("Undoes a curation entry of the gallery (an accept, naming, merge, split, move-out...); optional JSON body {confirm}: 409 lists the later changes it would overrule unless confirm is true.")
            .Produces<UndoAnswer>();
        return endpoints;
    }

    private static async Task<IResult> UndoAsync(int id, long entryId, HttpRequest request, ActivityLog log, CurationUndo undo, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, problem) = await ApiProblems.ReadOptionalJsonAsync(request, new UndoRequest(false), ct);
        if (problem is not null)
        {
            return problem;
        }
        if (await log.GetAsync(entryId, ct) is not { } entry || entry.GalleryId != id)
        {
            return ApiProblems.NotFound($"There is no activity entry {entryId} in gallery {id}.");
        }
        var preview = await undo.PreviewAsync(entryId, ct);
        if (preview.Refusal is { } refusal)
        {
            return entry.UndoneBy is null ? ApiProblems.BadRequest(refusal) : ApiProblems.Conflict(refusal);
        }
        if (preview.Conflicts.Count > 0 && !body.Confirm)
        {
            return Results.Problem(detail: $"Later changes depend on entry {entryId}; send {{\"confirm\": true}} to undo it anyway.",
                statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["conflicts"] = preview.Conflicts });
        }
        try
        {
            return Results.Ok(new UndoAnswer(entryId, await undo.UndoAsync(entryId, body.Confirm, user, ct)));
        }
        catch (GalleryException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }
}
