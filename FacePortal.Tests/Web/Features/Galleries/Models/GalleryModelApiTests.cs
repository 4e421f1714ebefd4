using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Galleries.Models;

/// <summary>GET /api/galleries/{id}/models, PUT /api/galleries/{id}/model and POST /api/galleries/{id}/embed on the hosted portal.</summary>
[Collection(ImportPortalCollection.Name)]
public class GalleryModelApiTests(ImportPortalFixture portal)
{
    private async Task<int> ImportedGalleryAsync()
    {
        var gallery = await portal.Api.CreateGalleryAsync("models-" + Guid.NewGuid().ToString("N")[..8]);
        var job = await portal.Api.StartUploadAsync(gallery, await File.ReadAllBytesAsync(GalleryModelTestSupport.Sample(3)), "sample3.jpg", "someone");
        Assert.Equal("completed", (await portal.Api.WaitAsync(job)).GetProperty("state").GetString());
        return gallery;
    }

    private async Task<JsonElement> ModelsAsync(int gallery)
    {
        var response = await portal.Api.Http.GetAsync($"/api/galleries/{gallery}/models");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement FaceApi(JsonElement state) => state.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "face-api");

    [Fact]
    public async Task Embed_GalleryMissingItsDescriptors_ComputesThemAgainFromTheStoredFaces()
    {
        var gallery = await ImportedGalleryAsync();
        var state = await ModelsAsync(gallery);
        var faces = state.GetProperty("faces").GetInt32();
        Assert.True(faces > 0);
        Assert.Equal(faces, FaceApi(state).GetProperty("faces").GetInt32());
        Dictionary<int, float[]> imported;
        await using (var db = portal.Db())
        {
            var rows = db.Descriptors.Where(d => d.Face!.Image!.GalleryId == gallery);
            imported = await rows.ToDictionaryAsync(d => d.FaceId, d => d.Vector);
            await rows.ExecuteDeleteAsync();
        }
        Assert.Equal(faces, FaceApi(await ModelsAsync(gallery)).GetProperty("facesWithoutDescriptor").GetInt32());

        var response = await portal.Api.Http.PostAsJsonAsync($"/api/galleries/{gallery}/embed", new { model = "face-api" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
        var done = await portal.Api.WaitAsync(job);
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal("gallery-embed", done.GetProperty("kind").GetString());
        Assert.Equal(faces, FaceApi(await ModelsAsync(gallery)).GetProperty("faces").GetInt32());
        await using (var db = portal.Db())
        {
            var again = await db.Descriptors.Where(d => d.Face!.Image!.GalleryId == gallery).ToDictionaryAsync(d => d.FaceId, d => d.Vector);
            Assert.Equal(imported.Keys.Order(), again.Keys.Order());
            Assert.All(imported, p => Assert.True(p.Value.Zip(again[p.Key], (a, b) => Math.Abs(a - b)).Max() < 1e-4, $"face {p.Key}"));
        }
    }

    [Fact]
    public async Task PutModel_SetsAndClearsTheGallerysModel_RefusesUnknownOnes()
    {
        var gallery = await PortalTestDatabase.SeedGalleryAsync(portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            "put-model-" + Guid.NewGuid().ToString("N")[..8], [1]);

        var unknown = await portal.Api.Http.PutAsJsonAsync($"/api/galleries/{gallery}/model", new { model = "no-such-model" });
        var missing = await portal.Api.Http.PutAsJsonAsync("/api/galleries/987654/model", new { model = "face-api" });
        var set = await portal.Api.Http.PutAsJsonAsync($"/api/galleries/{gallery}/model", new { model = "face-api" });
        var afterSet = await portal.Api.GalleryAsync(gallery);
        var cleared = await portal.Api.Http.PutAsJsonAsync($"/api/galleries/{gallery}/model", new { model = (string?)null });
        var afterClear = await portal.Api.GalleryAsync(gallery);
        var embedUnknown = await portal.Api.Http.PostAsJsonAsync($"/api/galleries/{gallery}/embed", new { model = "no-such-model" });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no-such-model", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("face-api", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        Assert.Equal("face-api", afterSet.GetProperty("model").GetString());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, afterClear.GetProperty("model").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, embedUnknown.StatusCode);
    }
}
