using System.Net;
using System.Text.Json;
using FacePortal.Tests.Models;

namespace FacePortal.Tests.Web;

public class HealthEndpointTests
{
    [FaceApiFact]
    public async Task Health_AfterStart_ReportsProviderAndModels()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        // The engine loads in the background: poll until it is no longer starting.
        JsonElement body = default;
        for (var i = 0; i < 300; i++)
        {
            var response = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (body.GetProperty("status").GetString() != "starting")
            {
                break;
            }
            await Task.Delay(100);
        }

        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("CPU", body.GetProperty("executionProvider").GetString());
        var models = body.GetProperty("models").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("face-api", models);
        Assert.Contains("tiny_face_detector_416", models);
        Assert.Contains("face_landmark_68", models);
    }

    [FaceApiFact]
    public async Task Home_ServesThePortalShell()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/");
        Assert.Contains("FacePortal", html);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.css", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/portal.css")).StatusCode);
    }
}
