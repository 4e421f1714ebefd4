using System.Globalization;
using FacePortal.Web.Platform.Api;
using Microsoft.AspNetCore.Http.Features;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>Reads the API's multipart forms, turning every way they can be wrong into a problem result.</summary>
internal sealed class ApiForm(IFormCollection form)
{
    // The multipart headers and the small fields (threshold, face index, gallery...) around the images.
    private const long FieldsSlack = 1024 * 1024;

    // Far more than any of these calls needs; the form reader's default (1,024) would be reported as a size limit.
    private const int MaxParts = 64;

    /// <summary>The form, or the problem: not multipart (415), over the size limit (413), malformed (400).</summary>
    public static async Task<(ApiForm? Form, IResult? Problem)> ReadAsync(HttpRequest request, long maxFileBytes, int files, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, ApiProblems.UnsupportedMediaType("Send the images as multipart/form-data."));
        }
        // Room for the files plus the other fields: what the decoder accepts, a request may carry (Kestrel's own
        // 30 MB default would refuse two valid 15 MB images); beyond that the upload is refused while it streams.
        var limit = checked(maxFileBytes * files + FieldsSlack);
        var tooLarge = $"A request carries at most {files} image(s) of at most {maxFileBytes:N0} bytes each "
            + $"(FacePortal:Engine:Decoder:MaxFileBytes), {limit:N0} bytes in all.";
        if (request.ContentLength > limit)
        {
            return (null, ApiProblems.TooLarge(tooLarge));
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }
        try
        {
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = MaxParts }, cancellationToken);
            return (new ApiForm(form), null);
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Form value count limit", StringComparison.Ordinal))
        {
            return (null, ApiProblems.BadRequest($"The form has more than {MaxParts} fields and files; this call takes {files} image(s) and a few fields."));
        }
        catch (InvalidDataException e) when (e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.TooLarge(tooLarge));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.TooLarge(tooLarge));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, ApiProblems.BadRequest("The multipart form cannot be read: " + e.Message));
        }
    }

    /// <summary>A file field's bytes; a problem when it is missing (400) or larger than allowed (413).</summary>
    public async Task<(ImageInput? Image, IResult? Problem)> FileAsync(string field, long maxFileBytes, CancellationToken cancellationToken)
    {
        var file = form.Files.GetFile(field);
        if (file is null)
        {
            return (null, ApiProblems.BadRequest($"The form has no file field '{field}'."));
        }
        if (file.Length > maxFileBytes)
        {
            return (null, ApiProblems.TooLarge($"'{file.FileName}' has {file.Length} bytes; at most {maxFileBytes} are accepted."));
        }
        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }
        var name = string.IsNullOrWhiteSpace(file.FileName) ? field : Path.GetFileName(file.FileName);
        return (new ImageInput(name, buffer.ToArray()), null);
    }

    public bool TryInt(string field, int min, int max, out int? value, out IResult? problem)
    {
        value = null;
        problem = null;
        var text = form[field].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            problem = ApiProblems.BadRequest($"'{field}' must be an integer in {min}..{max}.");
            return false;
        }
        value = parsed;
        return true;
    }

    public bool TryThreshold(out double? value, out IResult? problem)
    {
        value = null;
        problem = null;
        var text = form["threshold"].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed) || parsed < 0)
        {
            problem = ApiProblems.BadRequest("'threshold' must be a non-negative number (a distance).");
            return false;
        }
        value = parsed;
        return true;
    }

    public string? Text(string field) => form[field].ToString() is { Length: > 0 } text ? text : null;
}
