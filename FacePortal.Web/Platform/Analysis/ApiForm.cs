using System.Globalization;
using FacePortal.Web.Platform.Api;
using Microsoft.AspNetCore.Http.Features;

namespace FacePortal.Web.Platform.Analysis;

/// <summary>Reads the API's multipart forms, turning every way they can be wrong into a problem result.</summary>
internal sealed class ApiForm(IFormCollection form)
{
    /// <summary>The form, or the problem: not multipart (415), over the size limit (413), malformed (400).</summary>
    public static async Task<(ApiForm? Form, IResult? Problem)> ReadAsync(HttpRequest request, long maxFileBytes, int files, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, ApiProblems.UnsupportedMediaType("Send the images as multipart/form-data."));
        }
        try
        {
            // Room for the files plus the other fields; beyond that the upload is refused while it streams.
            var limit = checked(maxFileBytes * files + 1024 * 1024);
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
            return (new ApiForm(form), null);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.TooLarge(e.Message));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiProblems.TooLarge(e.Message));
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
