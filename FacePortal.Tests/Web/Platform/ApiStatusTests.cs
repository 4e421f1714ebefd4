using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Platform.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Platform;

/// <summary>The REST API's answers to missing sign-in, missing rights, unknown ids and bad requests: never a 500.</summary>
[Collection(ImportPortalCollection.Name)]
public class ApiStatusTests(ImportPortalFixture portal)
{
    private ImportApiClient Api => portal.Api;

    [Fact]
    public async Task Api_WithoutOrWithWrongKey_Returns401()
    {
        using var anonymous = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        using var wrong = portal.Factory.CreateClient(new() { AllowAutoRedirect = false });
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/galleries", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("/api/galleries/1/import", Upload(ImportTestData.Png(1), "a.png"))).StatusCode);
    }

    [Fact]
    public async Task Api_Viewer_CanReadButNotChange403()
    {
        const string email = "viewer@test.local", password = "Viewer-Password-1";
        using (var scope = portal.Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
                Assert.True((await users.CreateAsync(user, password)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, Roles.Viewer)).Succeeded);
            }
        }
        using var viewer = portal.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        // As the portal's own pages would send it: the 403s below are the role's, not the cross-site check's.
        viewer.DefaultRequestHeaders.Add("Origin", "http://localhost");
        var form = await viewer.GetStringAsync("/account/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await viewer.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("/", signIn.Headers.Location?.ToString());
        var gallery = await Api.CreateGalleryAsync("viewer-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/galleries")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/galleries/{gallery}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/galleries", new { name = "by-viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/galleries/{gallery}/import", Upload(ImportTestData.Png(2), "a.png", "X"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/jobs/1/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/pairsets", new { galleryId = gallery })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync("/api/pairsets/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/evaluations", new { pairSetId = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/evaluations/1/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/evaluations/1/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/evaluations/1/operating-points", new { name = "x", threshold = 0.5 })).StatusCode);
    }

    [Fact]
    public async Task Galleries_CreateAndRead_StatusesAndShapes()
    {
        var name = "g-" + Guid.NewGuid().ToString("N")[..8];

        var created = await Api.Http.PostAsJsonAsync("/api/galleries", new { name = $"  {name}  " });
        var again = await Api.Http.PostAsJsonAsync("/api/galleries", new { name });
        var empty = await Api.Http.PostAsJsonAsync("/api/galleries", new { name = "   " });
        var missing = await Api.Http.PostAsJsonAsync("/api/galleries", new { });
        var broken = await Api.Http.PostAsync("/api/galleries", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        var notJson = await Api.Http.PostAsync("/api/galleries", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/galleries/{id}", created.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains(name, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var gallery = await Api.GalleryAsync(id);
        Assert.Equal(name, gallery.GetProperty("name").GetString());
        foreach (var count in new[] { "identities", "images", "faces" })
        {
            Assert.Equal(0, gallery.GetProperty(count).GetInt32());
        }
        var list = await Api.Http.GetFromJsonAsync<JsonElement>("/api/galleries");
        Assert.Contains(list.EnumerateArray(), g => g.GetProperty("id").GetInt32() == id && g.GetProperty("name").GetString() == name);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync("/api/galleries/987654")).StatusCode);
    }

    [Fact]
    public async Task Import_BadRequests_404_400_413_415()
    {
        var gallery = await Api.CreateGalleryAsync("bad-requests-" + Guid.NewGuid().ToString("N")[..8]);
        var url = $"/api/galleries/{gallery}/import";
        var noFile = new MultipartFormDataContent { { new StringContent("Someone"), "identity" } };
        var tiff = Convert.FromBase64String("SUkqAAgAAAA="); // a TIFF header: an image, but not one we accept

        Assert.Equal(HttpStatusCode.NotFound, (await Api.UploadAsync(987654, ImportTestData.Png(1), "a.png", "X")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.PostAsJsonAsync("/api/galleries/987654/import", new { serverFolder = "/tmp" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Http.PostAsync(url, noFile)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.UploadAsync(gallery, ImportTestData.Png(1), "a.png")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.UploadAsync(gallery, ImportTestData.Png(1), "a.png", "   ")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.UploadAsync(gallery, [], "empty.jpg", "X")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.Http.PostAsJsonAsync(url, new { })).StatusCode);
        var noFolder = await Api.Http.PostAsJsonAsync(url, new { serverFolder = Path.Combine(ImportPortalFixture.ServerRoot, "no-such-folder-" + Guid.NewGuid().ToString("N")) });
        Assert.Equal(HttpStatusCode.BadRequest, noFolder.StatusCode);
        Assert.Contains("does not exist", (await noFolder.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var tooLarge = await Api.UploadAsync(gallery, new byte[ImportPortalFixture.MaxUploadBytes + 2 * 1024 * 1024], "big.zip");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        // Without a Content-Length (chunked), the form reader's limit catches it while reading.
        var chunked = new MultipartFormDataContent { { new StreamContent(new UnknownLength(new byte[ImportPortalFixture.MaxUploadBytes + 1024])), "file", "big.zip" } };
        Assert.Null(chunked.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Api.Http.PostAsync(url, chunked)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Api.UploadAsync(gallery, "hello"u8.ToArray(), "notes.txt", "X")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Api.UploadAsync(gallery, tiff, "scan.tiff", "X")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Api.Http.PostAsync(url, new StringContent("serverFolder=/tmp"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.GetAsync("/api/jobs/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Http.PostAsync("/api/jobs/987654/cancel", null)).StatusCode);
        // None of these left an upload behind (the other tests of this collection wait for their jobs to end).
        var uploads = Path.Combine(portal.Factory.DataDirectory, "uploads");
        Assert.Empty(Directory.Exists(uploads) ? Directory.EnumerateFileSystemEntries(uploads) : []);
    }

    private sealed class UnknownLength(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private static MultipartFormDataContent Upload(byte[] content, string name, string? identity = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", name } };
        if (identity is not null)
        {
            form.Add(new StringContent(identity), "identity");
        }
        return form;
    }
}
