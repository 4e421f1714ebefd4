using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>
/// The gallery's Defects tab in headless Chromium on the real portal: an LFW slice with one person planted under two
/// names, analysed by the job, the defect listed with its evidence and fixed with one click.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DefectsBrowserTests
{
    [BrowserFact(NeedsLfw = true)]
    public async Task DefectsTab_OnePersonUnderTwoNames_ListedWithEvidence_MergeFixesIt()
    {
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        await using var session = await BrowserSession.StartAsync(factory);
        var galleryId = await LfwSliceImport.ImportAsync(session, 3, 4);
        var databases = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        string person;
        int original, alias;
        await using (var db = await databases.CreateDbContextAsync())
        {
            // The first person's last two photos filed under a second name.
            var first = await db.Identities.Where(i => i.GalleryId == galleryId).OrderBy(i => i.Name).FirstAsync();
            person = first.Name;
            original = first.Id;
            var created = new FaceIdentity { GalleryId = galleryId, Name = "Alias of " + person, CreatedAt = DateTimeOffset.UtcNow };
            db.Identities.Add(created);
            await db.SaveChangesAsync();
            alias = created.Id;
            var moved = await db.Images.Where(i => i.IdentityId == first.Id).OrderBy(i => i.OriginalName).Skip(2).Select(i => i.Id).ToListAsync();
            Assert.Equal(2, moved.Count);
            await db.Images.Where(i => moved.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.IdentityId, alias));
        }
        using (var api = new HttpClient { BaseAddress = new Uri(session.Address) })
        {
            api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
            var posted = await api.PostAsync($"/api/galleries/{galleryId}/analysis", null);
            var jobId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
            string? state = null;
            for (var i = 0; i < 240 && state is null or "queued" or "running"; i++)
            {
                await Task.Delay(500);
                state = (await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("state").GetString();
            }
            Assert.Equal("completed", state);
        }

        await session.SignInAsync($"/galleries/{galleryId}");
        var page = session.Page;
        await page.GetByRole(AriaRole.Tab, new() { Name = "Defects" }).ClickAsync();
        var row = page.Locator("[data-testid=dupname-row]", new() { HasTextString = "Alias of " + person });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(row).ToContainTextAsync(person);
        await Assertions.Expect(row).ToContainTextAsync("centroids");
        // The evidence: the closest pair of photos across the two names, with its distance.
        await Assertions.Expect(row.Locator(".defect-pair img")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(page, "defects");

        await row.Locator("[data-testid=fix-dupname]").ClickAsync();

        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await using (var db = await databases.CreateDbContextAsync())
        {
            // One name now holds all four photos (which one is the finder's choice: the two halves are of equal size).
            var counts = new[] { await db.Images.CountAsync(i => i.IdentityId == original), await db.Images.CountAsync(i => i.IdentityId == alias) };
            Assert.Equal([0, 4], counts.Order());
            Assert.True(await db.Activity.AnyAsync(a => a.GalleryId == galleryId && a.Undo != null && a.Details.Contains("Alias of " + person)));
        }
    }
}
