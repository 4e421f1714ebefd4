using System.Net;
using System.Text.Json;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Platform;

public class HealthEndpointTests
{
    [Fact]
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
        Assert.Contains("tiny_face_detector", models);
        Assert.Contains("face_landmark_68", models);
    }

    [Fact]
    public async Task Home_SignedOut_RedirectsToSignIn()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        var login = await client.GetStringAsync("/account/login");
        Assert.Contains("Sign in", login);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/portal.css")).StatusCode);
    }

    [Fact]
    public async Task SignIn_RightAndWrongPassword_SetsCookieOnlyForTheRightOne()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        var wrong = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = PortalFactory.AdminEmail, ["password"] = "not-it", ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("error=invalid", wrong.Headers.Location!.ToString());

        var right = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = PortalFactory.AdminEmail, ["password"] = PortalFactory.AdminPassword, ["__RequestVerificationToken"] = token, ["returnUrl"] = "/models",
        }));
        Assert.Equal("/models", right.Headers.Location!.ToString());
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.css", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Error_Page_RendersWithoutSignIn()
    {
        await using var factory = new PortalFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/error");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Something went wrong", await response.Content.ReadAsStringAsync());
    }
}
