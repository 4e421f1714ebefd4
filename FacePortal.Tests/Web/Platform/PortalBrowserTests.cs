using System.IO.Compression;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Platform;

/// <summary>The portal on a real port, driven by headless Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class PortalBrowserTests
{
    [BrowserFact]
    public async Task Models_AfterStart_ListsTheConvertedNetworksAndProvider()
    {
        await using var session = await BrowserSession.StartAsync();
        await session.SignInAsync();
        var page = session.Page;

        await page.WaitForSelectorAsync("[data-testid=engine-ready]", new() { Timeout = 120_000 });
        await page.ClickAsync("a[href='models']");
        var table = page.Locator("[data-testid=models-table]");
        await table.Locator("tbody tr").Nth(3).WaitForAsync(new() { Timeout = 30_000 });
        var text = await table.InnerTextAsync();

        Assert.Contains("face-api", text);
        Assert.Contains("tiny_face_detector", text);
        Assert.Contains("CPU", text);
        Assert.Equal(4, await table.Locator("tbody tr").CountAsync());
    }

    [BrowserFact]
    public async Task Gallery_UploadZipOfThreeIdentities_JobFinishesAndIdentityShowsItsFaces()
    {
        // Three identities, two of face-api's demo photos each (group photos: several faces per image).
        var zip = Path.Combine(Path.GetTempPath(), $"fp-three-{Guid.NewGuid():N}.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var names = new[] { "Ada Lovelace", "Alan Turing", "Grace Hopper" };
            for (var i = 0; i < 6; i++)
            {
                archive.CreateEntryFromFile(Path.Combine(FaceApiPackage.Directory, "demo", $"sample{i + 1}.jpg"), $"{names[i / 2]}/photo{i}.jpg");
            }
        }
        try
        {
            await using var session = await BrowserSession.StartAsync();
            await session.SignInAsync("/galleries");
            var page = session.Page;

            await page.FillAsync("[data-testid=new-gallery-name] input, input[data-testid=new-gallery-name]", "Pioneers");
            await page.ClickAsync("[data-testid=create-gallery]");
            await page.Locator("[data-testid=gallery-row]", new() { HasText = "Pioneers" }).Locator("a").ClickAsync();
            await page.WaitForSelectorAsync("[data-testid=gallery-counts]");

            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Import" }).ClickAsync();
            await page.Locator("input[type=file][accept='.zip']").SetInputFilesAsync(zip);
            var job = page.Locator("[data-testid=job-progress]").First;
            await page.WaitForSelectorAsync("[data-testid=job-progress][data-job-state=Completed]", new() { Timeout = 180_000 });
            Assert.Contains("6 / 6", await job.InnerTextAsync());

            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Identities" }).ClickAsync();
            var links = page.Locator("[data-testid=identity-link]");
            await links.Nth(2).WaitForAsync();
            Assert.Equal(3, await links.CountAsync());
            await page.Locator("[data-testid=identity-link]", new() { HasText = "Alan Turing" }).ClickAsync();

            var cards = page.Locator("[data-testid=face-card]");
            await cards.Nth(1).WaitForAsync(new() { Timeout = 30_000 });
            Assert.Equal(2, await cards.CountAsync());
            // Every detected face is drawn over its picture; the demo photos hold several each.
            Assert.True(await page.Locator("[data-testid=face-overlay]").CountAsync() >= 2);
        }
        finally
        {
            File.Delete(zip);
        }
    }
}
