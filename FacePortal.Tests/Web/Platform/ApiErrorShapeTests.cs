using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.Web.Features.Imports;

namespace FacePortal.Tests.Web.Platform;

/// <summary>Every feature answers REST errors in one shape: RFC 7807 problem details with type, title, status and detail.</summary>
[Collection(ImportPortalCollection.Name)]
public class ApiErrorShapeTests(ImportPortalFixture portal)
{
    [Fact]
    public async Task Errors_OfDifferentFeatures_ShareTheProblemDetailsShape()
    {
        var http = portal.Api.Http;

        var jobs = await ProblemAsync(await http.GetAsync("/api/jobs/987654"), HttpStatusCode.NotFound);
        var pairSets = await ProblemAsync(await http.GetAsync("/api/pairsets/987654"), HttpStatusCode.NotFound);
        var evaluations = await ProblemAsync(await http.GetAsync("/api/evaluations/987654"), HttpStatusCode.NotFound);
        var badGeneration = await ProblemAsync(await http.PostAsJsonAsync("/api/pairsets", new { galleryId = 987654 }), HttpStatusCode.BadRequest);

        Assert.Equal(Shape(jobs), Shape(pairSets));
        Assert.Equal(Shape(jobs), Shape(evaluations));
        Assert.Equal(Shape(jobs), Shape(badGeneration));
        Assert.Contains("987654", pairSets.GetProperty("detail").GetString());
        Assert.Contains("987654", badGeneration.GetProperty("detail").GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        return body;
    }

    private static string Shape(JsonElement problem) => string.Join(",", problem.EnumerateObject().Select(p => p.Name).Order());
}
