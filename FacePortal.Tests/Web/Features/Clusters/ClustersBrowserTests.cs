using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Imports;
using Microsoft.Playwright;

namespace FacePortal.Tests.Web.Features.Clusters;

/// <summary>Unlabelled LFW photos in headless Chromium on the real portal: imported, clustered from the page, clusters named and merged.</summary>
[Collection(BrowserCollection.Name)]
public class ClustersBrowserTests
{
    private static string Lfw(string person, int n) => Path.Combine(RepoPaths.Lfw, "images", person, $"{person}_{n:0000}.jpg");

    [BrowserFact(NeedsLfw = true)]
    public async Task ClustersPage_UnlabelledImportClusteredAndNamed_TheIdentityAppearsWithItsFaces()
    {
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath();
        await using var session = await BrowserSession.StartAsync(factory);
        var pile = Directory.CreateTempSubdirectory("fp-pile-");
        int galleryId;
        try
        {
            foreach (var (person, n) in new[] { ("Tony_Blair", 1), ("Tony_Blair", 2), ("Tony_Blair", 3), ("Hugo_Chavez", 1), ("Hugo_Chavez", 2) })
            {
                File.Copy(Lfw(person, n), Path.Combine(pile.FullName, $"{person}_{n}.jpg"));
            }
            using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
            api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
            var created = await api.PostAsJsonAsync("/api/galleries", new { name = "Pile" });
            galleryId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var started = await api.PostAsJsonAsync($"/api/galleries/{galleryId}/import", new { serverFolder = pile.FullName, unlabelled = true });
            var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
            for (var i = 0; i < 600; i++)
            {
                var state = (await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("state").GetString();
                if (state is not ("queued" or "running"))
                {
                    Assert.Equal("completed", state);
                    break;
                }
                await Task.Delay(500);
            }
        }
        finally
        {
            pile.Delete(recursive: true);
        }

        await session.SignInAsync($"/galleries/{galleryId}");
        var page = session.Page;
        await page.ClickAsync("[data-testid=clusters-link]");
        await page.WaitForURLAsync($"**/galleries/{galleryId}/clusters");
        await page.WaitForSelectorAsync("[data-testid=no-clusters]");
        await page.ClickAsync("[data-testid=run-clustering]");
        // The page reloads its clusters when the job ends: Blair's three photos are the largest cluster.
        var largest = page.Locator("[data-testid=cluster]").First;
        await Assertions.Expect(largest.Locator("[data-testid=cluster-size]")).ToContainTextAsync("3 faces", new() { Timeout = 120_000 });
        Assert.All(await largest.Locator("[data-testid=cluster-face]").EvaluateAllAsync<string[]>("els => els.map(e => e.title)"),
            title => Assert.StartsWith("Tony_Blair", title, StringComparison.Ordinal));

        await largest.Locator("input[data-testid=cluster-name-input]").FillAsync("Tony Blair");
        await largest.Locator("[data-testid=cluster-name]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cluster-counts]")).ToContainTextAsync("faces without a name", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=cluster] [data-testid=cluster-face][title^=Tony_Blair]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "clusters");

        // Undone from the page's activity list (which lists the naming at once): Blair's faces are unlabelled again and
        // his cluster back in place, without a reload; then named for good.
        // Newest first: after the undo its own entry (which quotes this one) comes above it.
        var naming = page.Locator("[data-testid=activity-entry]", new() { HasTextString = "named \"Tony Blair\"" }).Last;
        await naming.Locator("[data-testid=undo]").ClickAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(naming).ToContainTextAsync("undone (entry", new() { Timeout = 30_000 });
        largest = page.Locator("[data-testid=cluster]").First;
        await Assertions.Expect(largest.Locator("[data-testid=cluster-size]")).ToContainTextAsync("3 faces", new() { Timeout = 60_000 });
        await largest.Locator("input[data-testid=cluster-name-input]").FillAsync("Tony Blair");
        await largest.Locator("[data-testid=cluster-name]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cluster] [data-testid=cluster-face][title^=Tony_Blair]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        await page.GotoAsync($"{session.Address}/galleries/{galleryId}");
        var link = page.Locator("[data-testid=identity-link]", new() { HasTextString = "Tony Blair" });
        await Assertions.Expect(link).ToHaveCountAsync(1);
        await link.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=face-card]")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
    }

    /// <summary>The path end to end: an unlabelled zip, clustering, two clusters named, a merge undone.</summary>
    [BrowserFact(NeedsLfw = true)]
    public async Task ClustersPage_UnlabelledZip_TwoClustersNamed_AMergeUndone()
    {
        await using var session = await BrowserSession.StartAsync(new PortalFactory());
        using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
        api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
        var created = await api.PostAsJsonAsync("/api/galleries", new { name = "Zip pile" });
        var galleryId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        // Flat names, no folders: nothing in the zip says who is who.
        var photos = new[] { ("Tony_Blair", 1), ("Tony_Blair", 2), ("Tony_Blair", 3), ("Hugo_Chavez", 1), ("Hugo_Chavez", 2) };
        var zip = ImportTestData.Zip(photos.Select((p, i) => ($"photo{i + 1}.jpg", File.ReadAllBytes(Lfw(p.Item1, p.Item2)))));
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(zip), "file", "pile.zip" }, { new StringContent("true"), "unlabelled" } })
        {
            var started = await api.PostAsync($"/api/galleries/{galleryId}/import", form);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
            for (var i = 0; i < 600; i++)
            {
                var state = (await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("state").GetString();
                if (state is not ("queued" or "running"))
                {
                    Assert.Equal("completed", state);
                    break;
                }
                await Task.Delay(500);
            }
        }
        // Which stored photo is whose, for the checks below (the page shows the zip's names).
        string Person(string title) => photos[int.Parse(title["photo".Length..title.IndexOf('.', StringComparison.Ordinal)]) - 1].Item1;

        await session.SignInAsync($"/galleries/{galleryId}/clusters");
        var page = session.Page;
        await page.WaitForSelectorAsync("[data-testid=no-clusters]");
        await page.ClickAsync("[data-testid=run-clustering]");
        var clusters = page.Locator("[data-testid=cluster]");
        await Assertions.Expect(clusters.First.Locator("[data-testid=cluster-size]")).ToContainTextAsync("3 faces", new() { Timeout = 120_000 });
        await Assertions.Expect(clusters).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        var titles = await clusters.First.Locator("[data-testid=cluster-face]").EvaluateAllAsync<string[]>("els => els.map(e => e.title)");
        Assert.All(titles, t => Assert.Equal("Tony_Blair", Person(t)));

        // First cluster: a new identity.
        await clusters.First.Locator("input[data-testid=cluster-name-input]").FillAsync("Tony Blair");
        await clusters.First.Locator("[data-testid=cluster-name]").ClickAsync();
        await Assertions.Expect(clusters).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        // Second cluster, by mistake merged into Tony Blair (picked by typing part of the name), then undone.
        var chavez = clusters.First;
        var merge = chavez.Locator("[data-testid=cluster-merge]");
        for (var attempt = 0; attempt < 5 && await merge.IsDisabledAsync(); attempt++)
        {
            // A click on a suggestion while the debounced search re-renders the list can be lost: pick it again then.
            var search = chavez.Locator("input:not([data-testid])").First;
            await search.FillAsync("");
            await search.PressSequentiallyAsync("Tony");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Tony Blair" }).First.ClickAsync();
            await page.WaitForTimeoutAsync(500);
        }
        await merge.ClickAsync();
        await Assertions.Expect(clusters).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var merged = page.Locator("[data-testid=activity-entry]", new() { HasTextString = "merged into \"Tony Blair\"" }).Last;
        await merged.Locator("[data-testid=undo]").ClickAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(merged).ToContainTextAsync("undone (entry", new() { Timeout = 30_000 });
        await Assertions.Expect(clusters).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        titles = await clusters.First.Locator("[data-testid=cluster-face]").EvaluateAllAsync<string[]>("els => els.map(e => e.title)");
        Assert.Equal(2, titles.Length);
        Assert.All(titles, t => Assert.Equal("Hugo_Chavez", Person(t)));

        // Then named as it should have been.
        await clusters.First.Locator("input[data-testid=cluster-name-input]").FillAsync("Hugo Chavez");
        await clusters.First.Locator("[data-testid=cluster-name]").ClickAsync();
        await Assertions.Expect(clusters).ToHaveCountAsync(0, new() { Timeout = 30_000 });

        // Both are identities of the gallery, each with its own faces.
        foreach (var (name, faces) in new[] { ("Tony Blair", 3), ("Hugo Chavez", 2) })
        {
            await page.GotoAsync($"{session.Address}/galleries/{galleryId}");
            var link = page.Locator("[data-testid=identity-link]", new() { HasTextString = name });
            await Assertions.Expect(link).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            await link.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=face-card]")).ToHaveCountAsync(faces, new() { Timeout = 30_000 });
        }
    }
}
