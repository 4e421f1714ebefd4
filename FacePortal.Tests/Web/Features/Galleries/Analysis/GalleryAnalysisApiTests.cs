using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>GET and POST /api/galleries/{id}/analysis on the hosted portal: the job runs in its job runner.</summary>
[Collection(ImportPortalCollection.Name)]
public class GalleryAnalysisApiTests(ImportPortalFixture portal)
{
    [Fact]
    public async Task PostThenGet_JobRunsAndTheStoredListsComeBack()
    {
        var databases = portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        // Three people of four faces; P1's last face is P0's (a mislabel).
        var gallery = await PortalTestDatabase.SeedGalleryAsync(databases, "analysis-" + Guid.NewGuid().ToString("N")[..8], [4, 4, 4],
            (p, i) => AnalysisGalleries.Vec(p == 1 && i == 3 ? 0 : p, i));

        var before = await portal.Api.Http.GetFromJsonAsync<JsonElement>($"/api/galleries/{gallery}/analysis");
        Assert.False(before.GetProperty("status").GetProperty("computed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("result").ValueKind);

        var posted = await portal.Api.Http.PostAsync($"/api/galleries/{gallery}/analysis", null);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var jobId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
        var job = await portal.Api.WaitAsync(jobId);
        Assert.Equal("completed", job.GetProperty("state").GetString());

        var after = await portal.Api.Http.GetFromJsonAsync<JsonElement>($"/api/galleries/{gallery}/analysis");
        var status = after.GetProperty("status");
        Assert.True(status.GetProperty("computed").GetBoolean());
        Assert.False(status.GetProperty("stale").GetBoolean());
        Assert.Equal(12, status.GetProperty("faces").GetInt32());
        var suspect = Assert.Single(after.GetProperty("result").GetProperty("mislabels").EnumerateArray());
        await using var db = portal.Db();
        var p0 = await db.Identities.Where(i => i.GalleryId == gallery && i.Name == "P00").Select(i => i.Id).SingleAsync();
        Assert.Equal(p0, suspect.GetProperty("otherIdentityId").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Api.Http.GetAsync("/api/galleries/987655/analysis")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Api.Http.PostAsync("/api/galleries/987655/analysis", null)).StatusCode);
    }
}
