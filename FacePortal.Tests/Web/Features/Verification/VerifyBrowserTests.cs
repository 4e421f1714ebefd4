using FacePortal.Tests.TestSupport;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>The Verify page in headless Chromium on the real portal: two LFW images of one person, then of two people.</summary>
[Collection(BrowserCollection.Name)]
public class VerifyBrowserTests
{
    [BrowserFact(NeedsLfw = true)]
    public async Task VerifyPage_LfwSamePersonThenTwoPeople_MatchThenNoMatch()
    {
        await using var session = await BrowserSession.StartAsync();
        await session.SignInAsync("/verify");
        var page = session.Page;
        await page.WaitForSelectorAsync("[data-testid=verify-title][data-interactive=true]");

        await page.SetInputFilesAsync("[data-testid=a-file]", VerifyImages.Lfw("Colin_Powell", 1));
        await page.SetInputFilesAsync("[data-testid=b-file]", VerifyImages.Lfw("Colin_Powell", 2));
        await page.WaitForSelectorAsync("[data-testid=a-name]");
        await page.WaitForSelectorAsync("[data-testid=b-name]");
        await page.ClickAsync("[data-testid=compare]");
        var verdict = page.Locator("[data-testid=verdict]");
        await Assertions.Expect(verdict).ToHaveTextAsync("Same person", new() { Timeout = 120_000 });
        Assert.Equal(68, await page.Locator("[data-testid=overlay-a] [data-testid=landmark]").CountAsync());
        Assert.Equal(2, await page.Locator("[data-testid=crop]").CountAsync());

        await page.SetInputFilesAsync("[data-testid=b-file]", VerifyImages.Lfw("Tony_Blair", 1));
        await Assertions.Expect(page.Locator("[data-testid=b-name]")).ToHaveTextAsync("Tony_Blair_0001.jpg");
        await page.ClickAsync("[data-testid=compare]");
        await Assertions.Expect(verdict).ToHaveTextAsync("Different people", new() { Timeout = 60_000 });
        // The default threshold says where it comes from: no operating point is saved here.
        Assert.Contains("configured one", await page.Locator("[data-testid=threshold-source]").InnerTextAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "verify");
    }

    [BrowserFact(NeedsLfw = true)]
    public async Task VerifyPage_FromAFaceCardThenTheGalleryPicker_ComparesTwoGalleryImagesWithoutAnId()
    {
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        await using var session = await BrowserSession.StartAsync(factory);
        var galleryId = await LfwSliceImport.ImportAsync(session, people: 2, imagesEach: 2);
        await session.SignInAsync($"/galleries/{galleryId}");
        var page = session.Page;

        // The first identity's first face card: "1:1" opens Verify with that image as A.
        var identity = page.Locator("[data-testid=identity-link]").First;
        var name = (await identity.InnerTextAsync()).Trim();
        await identity.ClickAsync();
        var card = page.Locator("[data-testid=face-card]").First;
        var imageId = (await card.GetAttributeAsync("data-image-id"))!;
        await card.Locator("[data-testid=verify-with]").ClickAsync();
        await page.WaitForURLAsync($"**/verify?a={imageId}");
        await page.WaitForSelectorAsync("[data-testid=verify-title][data-interactive=true]");
        await Assertions.Expect(page.Locator("[data-testid=a-name]")).ToContainTextAsync(name + "_0001.jpg", new() { Timeout = 60_000 });

        // B from the picker: the only gallery is chosen already; type part of the name, pick it, click its other face.
        await page.ClickAsync("[data-testid=b-from-gallery]");
        var search = page.Locator("[data-testid=b-picker-identity] input");
        var faces = page.Locator("[data-testid=b-picker-face]");
        // A click on a suggestion while the debounced search re-renders the list can be lost: pick it again then.
        for (var attempt = 0; attempt < 5 && await faces.CountAsync() == 0; attempt++)
        {
            await search.FillAsync("");
            await search.PressSequentiallyAsync(name[..4]);
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = name }).First.ClickAsync();
            try
            {
                await faces.First.WaitForAsync(new() { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // not picked: try again
            }
        }
        await Assertions.Expect(faces).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await faces.Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=b-name]")).ToContainTextAsync(name + "_0002.jpg", new() { Timeout = 60_000 });

        await page.ClickAsync("[data-testid=compare]");
        await Assertions.Expect(page.Locator("[data-testid=verdict]")).ToHaveTextAsync("Same person", new() { Timeout = 120_000 });
        await Screenshots.SaveAsync(page, "verify-picker");
    }
}
