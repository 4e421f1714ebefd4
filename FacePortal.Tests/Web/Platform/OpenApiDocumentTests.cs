using System.Net;
using System.Text.Json;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Platform;

public class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApi_SignedIn_DescribesTheRestApi()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateApiClient();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/verify", paths);
        Assert.Contains("/api/identify", paths);
        Assert.Contains("/api/galleries", paths);
        Assert.Contains("/api/evaluations", paths);
    }

    [Fact]
    public async Task OpenApi_SignedOut_Refused()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
