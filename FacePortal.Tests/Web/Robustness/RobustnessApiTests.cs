using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Robustness;

[Trait("Category", "Torch")]
public sealed class RobustnessApiTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _portal.CreateApiClient();
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }

    private async Task<int> PairSetAsync()
    {
        var databases = _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var gallery = await PortalTestDatabase.SeedGalleryAsync(databases, "g", [2, 2]);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(gallery.ToString(System.Globalization.CultureInfo.InvariantCulture)), "galleryId" },
            { new ByteArrayContent("1\t2\nP00\t1\t2\nP01\t1\t2\nP00\t1\tP01\t1\nP00\t2\tP01\t2\n"u8.ToArray()), "file", "pairs.txt" },
        };
        var response = await _client.PostAsync("/api/pairsets/import", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Post_StartsAndGet_AnswersTheRun()
    {
        var set = await PairSetAsync();

        var response = await _client.PostAsJsonAsync("/api/robustness", new { pairSetId = set, pairs = 4, attacks = new[] { "fgsm", "mi-fgsm" }, budgets = new[] { 2.0, 4.0 }, goals = new[] { "dodging" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/robustness/{id}", response.Headers.Location!.OriginalString);
        var run = await _client.GetFromJsonAsync<JsonElement>($"/api/robustness/{id}");
        var attack = run.GetProperty("settings").GetProperty("attack");
        Assert.Equal(["Fgsm", "MiFgsm"], attack.GetProperty("attacks").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["Dodging"], attack.GetProperty("goals").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(set, run.GetProperty("pairSetId").GetInt32());
        var list = await _client.GetFromJsonAsync<JsonElement>($"/api/robustness?pairSetId={set}");
        Assert.Equal(id, list.EnumerateArray().Single().GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Post_BadBudget_IsABadRequestThatSaysWhy()
    {
        var set = await PairSetAsync();

        var response = await _client.PostAsJsonAsync("/api/robustness", new { pairSetId = set, budgets = new[] { -1.0 } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("each budget must be more than 0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Unknown_IsNotFound()
    {
        var response = await _client.GetAsync("/api/robustness/9999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_WithoutKey_IsUnauthorized()
    {
        using var anonymous = _portal.CreateClient(new() { AllowAutoRedirect = false });
        var response = await anonymous.PostAsJsonAsync("/api/robustness", new { pairSetId = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
