using System.Security.Claims;
using FacePortal.Engine.Embedding;
using FacePortal.Web.Features.Galleries;
using FacePortal.Web.Features.Jobs;
using FacePortal.Web.Platform.Analysis;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Auth;
using FacePortal.Web.Platform.Jobs;

namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// REST for a gallery's unlabelled faces (sign-in cookie or X-Api-Key like the rest of /api; changes need admin or
/// operator): the clusters, the clustering job, the suggestion queue and the page's cluster actions (undone through
/// the gallery's activity endpoint, <see cref="CurationUndoEndpoints"/>).
/// Problems: 400 bad input or a refused action, 404 unknown gallery, cluster, job or entry, 409 a taken name or an
/// undo that needs confirming, 503 while the engine cannot run (starting a job).
/// </summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/galleries/{id:int}").RequireAuthorization().WithTags("Clusters");
        api.MapGet("/clusters", OverviewAsync)
            .WithName("GetClusters")
            .WithSummary("The gallery's unlabelled faces and their stored clusters (largest first, named faces left out), with counts and the threshold they were formed at.")
            .Produces<ClusterOverview>();
        api.MapPost("/clusters/jobs", StartAsync).RequireAuthorization(Roles.CanEdit).AddEndpointFilter<EngineRequiredFilter>()
            .WithName("StartClustering")
            .WithSummary("Queues the clustering job for all unlabelled faces; optional JSON body {model, threshold} (a distance; default: the model's clustering default, as on the page).")
            .Produces<ClusteringStarted>(StatusCodes.Status202Accepted);
        api.MapGet("/clusters/jobs/{jobId:int}", JobAsync)
            .WithName("GetClusteringJob")
            .WithSummary("A clustering job of this gallery: state, progress, and the parameters it runs with.")
            .Produces<ClusteringJob>();
        api.MapGet("/clusters/suggestions", SuggestionsAsync)
            .WithName("GetClusterSuggestions")
            .WithSummary("The queue \"is this <identity>?\": clusters whose centroid is within their threshold of a named identity's, nearest first; rejected pairs are left out.")
            .Produces<IReadOnlyList<ClusterSuggestion>>();
        api.MapPost("/clusters/{clusterId:int}/accept", AcceptAsync).RequireAuthorization(Roles.CanEdit)
            .WithName("AcceptClusterSuggestion")
            .WithSummary("\"Yes\": files the cluster's faces under {identityId}; the answer's activityId undoes it.")
            .Produces<ClusterChange>();
        api.MapPost("/clusters/{clusterId:int}/reject", RejectAsync).RequireAuthorization(Roles.CanEdit)
            .WithName("RejectClusterSuggestion")
            .WithSummary("\"No\": remembered for each of the cluster's faces and {identityId}, so the question is not asked again; the result is the faces newly rejected, the answer's activityId undoes it.")
            .Produces<ClusterChange>();
        api.MapPost("/clusters/{clusterId:int}/name", NameAsync).RequireAuthorization(Roles.CanEdit)
            .WithName("NameCluster")
            .WithSummary("Files the cluster's faces under a new identity {name} (409 when the name is taken); the result is its id.")
            .Produces<ClusterChange>();
        api.MapPost("/clusters/{clusterId:int}/merge", MergeAsync).RequireAuthorization(Roles.CanEdit)
            .WithName("MergeCluster")
            .WithSummary("Files the cluster's faces under the existing identity {identityId}; the result is the number of faces.")
            .Produces<ClusterChange>();
        api.MapPost("/clusters/{clusterId:int}/split", SplitAsync).RequireAuthorization(Roles.CanEdit)
            .WithName("SplitCluster")
            .WithSummary("Re-clusters the cluster at a stricter threshold (SplitFactor of its own); the result is the number of parts.")
            .Produces<ClusterChange>();
        api.MapPost("/clusters/{clusterId:int}/move-out", MoveOutAsync).RequireAuthorization(Roles.CanEdit)
            .WithName("MoveFaceOutOfCluster")
            .WithSummary("Takes face {imageId} out of the cluster into one of its own; the result is the new cluster's id.")
            .Produces<ClusterChange>();
        return endpoints;
    }

    private static async Task<IResult> OverviewAsync(int id, ClusterService clusters, CancellationToken ct) =>
        await clusters.OverviewAsync(id, ct) is { } overview ? Results.Ok(overview) : NoGallery(id);

    private static async Task<IResult> StartAsync(int id, HttpRequest request, ClusterService clusters, ClaimsPrincipal user, CancellationToken ct)
    {
        var (body, problem) = await ApiProblems.ReadOptionalJsonAsync(request, new StartClusteringRequest(null, null), ct);
        if (problem is not null)
        {
            return problem;
        }
        if (!await clusters.GalleryExistsAsync(id, ct))
        {
            return NoGallery(id);
        }
        try
        {
            var model = await clusters.ModelAsync(id, body.Model, ct);
            var jobId = await clusters.StartAsync(id, model.Name, body.Threshold, user, ct);
            var started = body.Threshold is { } given
                ? new ClusteringStarted(jobId, id, model.Name, given, "the request")
                : new ClusteringStarted(jobId, id, model.Name, model.DefaultThreshold, model.DefaultSource);
            return Results.Accepted($"/api/galleries/{id}/clusters/jobs/{jobId}", started);
        }
        catch (Exception e) when (e is GalleryException or UnknownModelException)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> JobAsync(int id, int jobId, JobService jobs, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, ct);
        if (job is null || job.Kind != ClusterJobHandler.JobKind || ClusterParameters.Parse(job.Parameters) is not { } parameters || parameters.GalleryId != id)
        {
            return ApiProblems.NotFound($"There is no clustering job {jobId} for gallery {id}.");
        }
        return Results.Ok(new ClusteringJob(JobStatus.From(job), parameters));
    }

    private static async Task<IResult> SuggestionsAsync(int id, ClusterService clusters, ClusterSuggestions suggestions, CancellationToken ct) =>
        !await clusters.GalleryExistsAsync(id, ct) ? NoGallery(id) : Results.Ok(await suggestions.ListAsync(id, ct));

    private static Task<IResult> AcceptAsync(int id, int clusterId, HttpRequest request, ClusterService clusters, ClusterSuggestions suggestions, ClaimsPrincipal user, CancellationToken ct) =>
        ActAsync(id, clusterId, request, clusters, body => Require(body.IdentityId, "identityId"),
            async body => Results.Ok(await suggestions.AcceptAsync(clusterId, body.IdentityId!.Value, user, ct)), ct);

    private static Task<IResult> RejectAsync(int id, int clusterId, HttpRequest request, ClusterService clusters, ClusterSuggestions suggestions, ClaimsPrincipal user, CancellationToken ct) =>
        ActAsync(id, clusterId, request, clusters, body => Require(body.IdentityId, "identityId"),
            async body => Results.Ok(await suggestions.RejectAsync(clusterId, body.IdentityId!.Value, user, ct)), ct);

    private static Task<IResult> NameAsync(int id, int clusterId, HttpRequest request, ClusterService clusters, ClusterCuration curation, ClaimsPrincipal user, CancellationToken ct) =>
        ActAsync(id, clusterId, request, clusters, body => string.IsNullOrWhiteSpace(body.Name) ? "'name': give the new identity's name." : null,
            async body => Results.Ok(await curation.NameAsync(clusterId, body.Name!, user, ct)), ct);

    private static Task<IResult> MergeAsync(int id, int clusterId, HttpRequest request, ClusterService clusters, ClusterCuration curation, ClaimsPrincipal user, CancellationToken ct) =>
        ActAsync(id, clusterId, request, clusters, body => Require(body.IdentityId, "identityId"),
            async body => Results.Ok(await curation.MergeIntoAsync(clusterId, body.IdentityId!.Value, user, ct)), ct);

    private static Task<IResult> SplitAsync(int id, int clusterId, ClusterService clusters, ClusterCuration curation, ClaimsPrincipal user, CancellationToken ct) =>
        ActAsync(id, clusterId, null, clusters, _ => null, async _ => Results.Ok(await curation.SplitAsync(clusterId, user, ct)), ct);

    private static Task<IResult> MoveOutAsync(int id, int clusterId, HttpRequest request, ClusterService clusters, ClusterCuration curation, ClaimsPrincipal user, CancellationToken ct) =>
        ActAsync(id, clusterId, request, clusters, body => Require(body.ImageId, "imageId"),
            async body => Results.Ok(await curation.MoveOutAsync(clusterId, body.ImageId!.Value, user, ct)), ct);

    /// <summary>
    /// One cluster action: the body read and checked (none for <paramref name="request"/> null), the cluster found in
    /// the gallery, then the action; its refusals (<see cref="GalleryException"/>) are 400, a taken name 409.
    /// </summary>
    private static async Task<IResult> ActAsync(int id, int clusterId, HttpRequest? request, ClusterService clusters,
        Func<ClusterActionRequest, string?> check, Func<ClusterActionRequest, Task<IResult>> action, CancellationToken ct)
    {
        var body = new ClusterActionRequest(null, null, null);
        if (request is not null)
        {
            var (read, problem) = await ApiProblems.ReadJsonAsync<ClusterActionRequest>(request, ct);
            if (problem is not null)
            {
                return problem;
            }
            body = read!;
            if (check(body) is { } wrong)
            {
                return ApiProblems.BadRequest(wrong);
            }
        }
        if (await clusters.GalleryOfAsync(clusterId, ct) != id)
        {
            return !await clusters.GalleryExistsAsync(id, ct) ? NoGallery(id) : ApiProblems.NotFound($"There is no cluster {clusterId} in gallery {id}.");
        }
        try
        {
            return await action(body);
        }
        catch (GalleryException e)
        {
            return e.NameTaken ? ApiProblems.Conflict(e.Message) : ApiProblems.BadRequest(e.Message);
        }
    }

    private static string? Require(int? value, string field) => value is null ? $"'{field}' is required." : null;

    private static IResult NoGallery(int id) => ApiProblems.NotFound($"There is no gallery {id}.");
}
