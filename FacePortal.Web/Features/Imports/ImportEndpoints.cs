using System.Security.Claims;
using FacePortal.Web.Platform.Api;
using FacePortal.Web.Platform.Data;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// POST /api/galleries/{id}/import: multipart <c>file</c> (a zip; or images with <c>identity</c>), multipart
/// <c>manifest</c> (a CSV) with <c>baseFolder</c>, or JSON <c>{"serverFolder"}</c>. Answers 202 with the job id.
/// <c>unlabelled=true</c> (form field or JSON) keeps every face without a name, for clustering.
/// </summary>
internal static class ImportEndpoints
{
    // Room for the multipart boundaries and headers around the files.
    private const long MultipartSlack = 1024 * 1024;

    // Files and fields in one multipart request (the form reader's default is 1,024); a zip carries more.
    private const int MaxFormParts = 10_000;

    public static async Task<IResult> ImportAsync(int id, HttpContext http, ImportService imports, IDbContextFactory<PortalDbContext> databases,
        IOptions<ImportOptions> options, CancellationToken cancellationToken)
    {
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            // Before reading a byte of the body.
            if (!await db.Galleries.AnyAsync(g => g.Id == id, cancellationToken))
            {
                return ApiProblems.NotFound($"There is no gallery {id}.");
            }
        }
        var request = http.Request;
        var user = http.User;
        try
        {
            int jobId;
            if (request.HasFormContentType)
            {
                var limit = options.Value.MaxUploadBytes;
                if (request.ContentLength > limit + MultipartSlack)
                {
                    return TooLarge(limit);
                }
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = limit + MultipartSlack;
                }
                var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = MaxFormParts }, cancellationToken);
                var started = await StartFromFormAsync(id, form, imports, user, cancellationToken);
                if (started.Problem is not null)
                {
                    return started.Problem;
                }
                jobId = started.JobId;
            }
            else if (request.HasJsonContentType())
            {
                var (body, problem) = await ApiProblems.ReadJsonAsync<ServerFolderImportRequest>(request, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }
                if (string.IsNullOrWhiteSpace(body!.ServerFolder))
                {
                    return ApiProblems.BadRequest("JSON imports need \"serverFolder\": a folder on the server with one sub-folder per identity.");
                }
                jobId = await imports.ImportServerFolderAsync(id, body.ServerFolder, body.Unlabelled ?? false, user, cancellationToken);
            }
            else
            {
                return ApiProblems.UnsupportedMediaType(
                    "Send multipart/form-data with a 'file' field (a zip, or images with an 'identity' field), or JSON {\"serverFolder\": \"<path>\"}.");
            }
            return Results.Accepted($"/api/jobs/{jobId}", new { jobId });
        }
        catch (ImportRequestException e)
        {
            return e.Problem switch
            {
                ImportProblem.GalleryNotFound => ApiProblems.NotFound(e.Message),
                ImportProblem.TooLarge => ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, e.Message),
                _ => ApiProblems.BadRequest(e.Message),
            };
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's body size limit (413) or a malformed request.
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(options.Value.MaxUploadBytes) : ApiProblems.Status(e.StatusCode, e.Message);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Form value count limit", StringComparison.Ordinal))
        {
            return ApiProblems.BadRequest($"One request carries at most {MaxFormParts:N0} files and fields; send more images as a zip (one folder per identity).");
        }
        catch (InvalidDataException e)
        {
            // The form reader's limits, or a malformed multipart body.
            return e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(options.Value.MaxUploadBytes)
                : ApiProblems.BadRequest("The multipart body cannot be read: " + e.Message);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiProblems.BadRequest("The upload was cut off: " + e.Message);
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, $"The upload is larger than the limit of {limit:N0} bytes (FacePortal:Import:MaxUploadBytes).");

    private static async Task<(int JobId, IResult? Problem)> StartFromFormAsync(int id, IFormCollection form, ImportService imports, ClaimsPrincipal user, CancellationToken ct)
    {
        if (form.Files.GetFile("manifest") is { } manifest)
        {
            var baseFolder = form["baseFolder"].ToString();
            if (string.IsNullOrWhiteSpace(baseFolder))
            {
                return (0, ApiProblems.BadRequest("A CSV manifest needs 'baseFolder': the server folder its paths are relative to."));
            }
            await using var csv = manifest.OpenReadStream();
            return (await imports.ImportCsvAsync(id, csv, manifest.FileName, baseFolder, user, ct), null);
        }

        var unlabelled = form["unlabelled"].ToString() is { Length: > 0 } flag
            ? bool.TryParse(flag, out var parsed) ? parsed : (bool?)null
            : false;
        if (unlabelled is not { } isUnlabelled)
        {
            return (0, ApiProblems.BadRequest("'unlabelled' must be true or false."));
        }
        var files = form.Files.GetFiles("file");
        if (files.Count == 0)
        {
            return (0, ApiProblems.BadRequest("The multipart field 'file' is required: a zip with one folder per identity, or images with an 'identity' field."));
        }
        var kinds = new List<bool>();
        foreach (var file in files)
        {
            if (file.Length == 0)
            {
                return (0, ApiProblems.BadRequest($"'{file.FileName}' is empty."));
            }
            await using var stream = file.OpenReadStream();
            var header = FileSignatures.ReadHeader(stream);
            var isZip = FileSignatures.IsZip(header);
            if (!isZip && !FileSignatures.IsAcceptedImage(header))
            {
                return (0, ApiProblems.UnsupportedMediaType($"'{file.FileName}' is neither a zip nor an accepted image (JPEG, PNG, BMP, GIF, WebP, PBM/PGM/PPM)."));
            }
            kinds.Add(isZip);
        }
        if (kinds.Contains(true))
        {
            if (files.Count > 1)
            {
                return (0, ApiProblems.BadRequest("Send one zip per request (or images only, with 'identity')."));
            }
            await using var zip = files[0].OpenReadStream();
            return (await imports.ImportZipAsync(id, zip, files[0].FileName, isUnlabelled, user, ct), null);
        }

        var identity = form["identity"].ToString();
        if (string.IsNullOrWhiteSpace(identity) && !isUnlabelled)
        {
            return (0, ApiProblems.BadRequest("Images need the field 'identity': the person they show."));
        }
        var streams = files.Select(f => (f.FileName, f.OpenReadStream())).ToList();
        try
        {
            return (await imports.ImportFilesAsync(id, identity, streams, isUnlabelled, user, ct), null);
        }
        finally
        {
            foreach (var (_, s) in streams)
            {
                await s.DisposeAsync();
            }
        }
    }
}
