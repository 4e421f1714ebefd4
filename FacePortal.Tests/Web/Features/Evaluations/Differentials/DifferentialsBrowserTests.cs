using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Features.Evaluations.Differentials;

/// <summary>
/// A slice of LFW imported through a CSV manifest whose <c>tags</c> column carries the LFW sex labels
/// (../shared/datasets/lfw/gender), a generated pair set evaluated, and the differentials page in headless Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public class DifferentialsBrowserTests
{
    [BrowserFact(NeedsLfw = true)]
    public async Task Differentials_TaggedLfwSlice_HeatmapAndSummaryInTheBrowser()
    {
        var images = Path.Combine(RepoPaths.Lfw, "images");
        var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = images;
        await using var session = await BrowserSession.StartAsync(factory);
        using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
        api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);

        var gallery = await ImportSliceAsync(api, images, perSex: 10, imagesEach: 3);
        var pairSet = await PostAsync(api, "/api/pairsets", new { galleryId = gallery, positives = 60, negatives = 60, folds = 2, seed = 3 });
        var run = await PostAsync(api, "/api/evaluations", new { pairSetId = pairSet });
        await WaitAsync(api, $"/api/evaluations/{run}", "state", "completed");

        await session.SignInAsync($"/evaluations/{run}/differentials?prefix=sex:");
        var page = session.Page;
        // Plotly drew the heatmap: one row and one column per sex.
        await page.WaitForSelectorAsync("[data-testid=fmr-heatmap] .main-svg", new() { Timeout = 60_000 });
        var summary = await page.Locator("[data-testid=differential-summary]").InnerTextAsync();
        Assert.Contains("for FMR 1e-3", summary, StringComparison.Ordinal);
        Assert.Matches("FNMR Max/GeoMean\\s+[0-9]+\\.[0-9]{2}", summary);
        var rows = page.Locator("[data-testid=differential-group]");
        Assert.Equal(2, await rows.CountAsync());
        Assert.StartsWith("sex:F", (await rows.Nth(0).InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.StartsWith("sex:M", (await rows.Nth(1).InnerTextAsync()).Trim(), StringComparison.Ordinal);
        var heatmapText = await page.Locator("[data-testid=fmr-heatmap]").InnerTextAsync();
        Assert.Contains("sex:F", heatmapText, StringComparison.Ordinal);
        Assert.Contains("FMR", heatmapText, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-testid=differential-distributions] .main-svg");
        await Screenshots.SaveAsync(page, "differentials");

        // The evaluation page links here, and on to the quality page, which draws its curves.
        await page.GotoAsync($"{session.Address}/evaluations/{run}");
        await page.ClickAsync("[data-testid=quality-link]");
        await page.WaitForSelectorAsync("[data-testid=edc-fnmr] .main-svg", new() { Timeout = 60_000 });
        Assert.True(await page.Locator("[data-testid=edc-row]").CountAsync() >= 3);
        await Screenshots.SaveAsync(page, "quality");
    }

    /// <summary>The first people of each sex (by the LFW lists) with enough images, imported through a CSV manifest's tags column.</summary>
    private static async Task<int> ImportSliceAsync(HttpClient api, string images, int perSex, int imagesEach)
    {
        var manifest = new StringBuilder("path,identity,tags\n");
        foreach (var (list, sex) in new[] { ("female_names.txt", "F"), ("male_names.txt", "M") })
        {
            var people = File.ReadLines(Path.Combine(RepoPaths.Lfw, "gender", list))
                .Select(f => f.Trim()).Where(f => f.EndsWith(".jpg", StringComparison.Ordinal))
                .GroupBy(f => f[..f.LastIndexOf('_')])
                .Where(g => g.Count() >= imagesEach && Directory.Exists(Path.Combine(images, g.Key)))
                .OrderBy(g => g.Key, StringComparer.Ordinal).Take(perSex);
            foreach (var person in people)
            {
                foreach (var file in person.Order(StringComparer.Ordinal).Take(imagesEach))
                {
                    manifest.Append(person.Key).Append('/').Append(file).Append(',').Append(person.Key).Append(",sex:").Append(sex).Append('\n');
                }
            }
        }
        var created = await api.PostAsJsonAsync("/api/galleries", new { name = "LFW tagged slice" });
        var galleryId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(manifest.ToString())), "manifest", "lfw-sex.csv" },
            { new StringContent(images), "baseFolder" },
        };
        var started = await api.PostAsync($"/api/galleries/{galleryId}/import", form);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
        var job = await WaitAsync(api, $"/api/jobs/{jobId}", "state", "completed");
        Assert.Equal(2 * perSex * imagesEach, job.GetProperty("done").GetInt32());
        return galleryId;
    }

    private static async Task<int> PostAsync(HttpClient api, string url, object body)
    {
        var response = await api.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> WaitAsync(HttpClient api, string url, string property, string done)
    {
        for (var i = 0; i < 600; i++)
        {
            var body = await api.GetFromJsonAsync<JsonElement>(url);
            var state = body.GetProperty(property).GetString();
            if (state is not ("queued" or "running"))
            {
                Assert.Equal(done, state);
                return body;
            }
            await Task.Delay(500);
        }
        Assert.Fail($"{url} did not finish in 5 minutes");
        return default;
    }
}
