using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>The shape of /api/galleries: usable images counted, every stored image listed by outcome.</summary>
[Collection(ImportPortalCollection.Name)]
public class GalleryApiTests(ImportPortalFixture portal)
{
    [Fact]
    public async Task Galleries_DuplicateAndUnreadableImages_NotCountedButListedByOutcome()
    {
        var databases = portal.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var name = "outcomes-" + Guid.NewGuid().ToString("N")[..8];
        var gallery = await PortalTestDatabase.SeedGalleryAsync(databases, name, [3, 1]);
        await using (var db = portal.Db())
        {
            var ids = await db.Images.Where(i => i.GalleryId == gallery).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
            await db.Images.Where(i => i.Id == ids[0]).ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, ImageOutcome.Duplicate));
            await db.Images.Where(i => i.Id == ids[1]).ExecuteUpdateAsync(s => s.SetProperty(i => i.Outcome, ImageOutcome.Unreadable));
        }

        var one = await portal.Api.GalleryAsync(gallery);
        var list = await portal.Api.Http.GetFromJsonAsync<JsonElement>("/api/galleries");

        Assert.Equal(["id", "name", "createdAt", "identities", "images", "faces", "outcomes", "model"], one.EnumerateObject().Select(p => p.Name));
        Assert.Equal((name, 2, 2, 4), (one.GetProperty("name").GetString(), one.GetProperty("identities").GetInt32(), one.GetProperty("images").GetInt32(), one.GetProperty("faces").GetInt32()));
        Assert.Equal([("face", 2), ("duplicate", 1), ("unreadable", 1)], one.GetProperty("outcomes").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
        var listed = list.EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == gallery);
        Assert.Equal(2, listed.GetProperty("images").GetInt32());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("outcomes").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await portal.Api.Http.GetAsync("/api/galleries/987655")).StatusCode);
    }
}
