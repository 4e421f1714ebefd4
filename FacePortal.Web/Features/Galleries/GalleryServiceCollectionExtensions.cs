using FacePortal.Web.Platform.Activity;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using FacePortal.Web.Platform.Jobs;
using FacePortal.Web.Platform.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FacePortal.Web.Features.Galleries;

public static class GalleryServiceCollectionExtensions
{
    /// <summary>Gallery and curation services; settings from "FacePortal:Galleries".</summary>
    public static IServiceCollection AddGalleries(this IServiceCollection services)
    {
        services.AddPortalOptions<GalleryOptions, GalleryOptionsValidator>(GalleryOptions.Section);
        services.AddSingleton(sp => new FaceCrops(
            sp.GetRequiredService<FaceEngineHost>(),
            sp.GetRequiredService<ImageStore>(),
            sp.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            Path.Combine(Path.GetFullPath(sp.GetRequiredService<IOptions<PortalOptions>>().Value.DataDirectory), "crops")));
        services.AddSingleton<IJobHandler, GalleryEmbedJobHandler>();
        services.AddSingleton<IJobHandler, GalleryAnalysisJobHandler>();
        return services.AddGalleryServices();
    }

    /// <summary>
    /// The services with one job each: galleries and their summaries, identities, image curation, the pages' reading
    /// views, curation finders, over the one writer they share. Needs a database, an image store, face crops, gallery
    /// options and a clock (tests register their own).
    /// </summary>
    internal static IServiceCollection AddGalleryServices(this IServiceCollection services)
    {
        services.AddSingleton<ActivityLog>();
        services.TryAddSingleton<ImageFileGuard>();
        services.AddSingleton<GalleryWriter>();
        services.AddSingleton<GalleryService>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<GalleryImageService>();
        services.AddSingleton<IdentityReader>();
        services.AddSingleton<CurationService>();
        services.AddSingleton<CurationUndo>();
        services.AddSingleton<GalleryModelService>();
        services.AddSingleton<GalleryAnalysisService>();
        services.AddSingleton<StoredCurationReader>();
        services.AddSingleton<DefectFixService>();
        return services;
    }

    /// <summary>
    /// Stored images and aligned face crops, for signed-in users only: <c>GET /images/{hash}</c> and
    /// <c>GET /images/{hash}/faces/{index}/crop.png</c>. The hash must be 64 lower-case hex digits.
    /// </summary>
    public static IEndpointRouteBuilder MapGalleryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/images").RequireAuthorization();
        group.MapGet("/{hash}", async (string hash, ImageStore store, HttpContext http, CancellationToken ct) =>
        {
            if (!IsHash(hash) || !store.Exists(hash))
            {
                return ApiProblems.NotFound($"There is no image {hash}.");
            }
            var path = store.PathOf(hash);
            var head = new byte[16];
            int read;
            await using (var file = File.OpenRead(path))
            {
                read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            }
            Immutable(http);
            return Results.File(path, ImageContentType.Sniff(head.AsSpan(0, read)), entityTag: new EntityTagHeaderValue($"\"{hash}\""));
        });
        group.MapGet("/{hash}/faces/{index:int}/crop.png", async (string hash, int index, FaceCrops crops, HttpContext http, CancellationToken ct) =>
        {
            if (!IsHash(hash) || index < 0)
            {
                return ApiProblems.NotFound($"There is no face {index} of image {hash}.");
            }
            string? path;
            try
            {
                path = await crops.GetAsync(hash, index, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, $"The crop could not be made: {e.Message}");
            }
            if (path is null)
            {
                return ApiProblems.NotFound($"There is no face {index} of image {hash}.");
            }
            Immutable(http);
            return Results.File(path, "image/png");
        });
        return endpoints;
    }

    private static bool IsHash(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower);

    // Content-addressed: the bytes behind a URL never change.
    private static void Immutable(HttpContext http) => http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
}
