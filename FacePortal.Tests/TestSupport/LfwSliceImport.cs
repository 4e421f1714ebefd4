using System.Net.Http.Json;
using System.Text.Json;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A slice of LFW imported into a new gallery of the running portal (browser tests). The portal must allow the temp
/// folder as a server root: <c>factory.Settings["FacePortal:Import:ServerRoots:0"] = Path.GetTempPath()</c>.
/// </summary>
public static class LfwSliceImport
{
    /// <summary>Copies a slice of LFW (the first people with enough images) and imports it through the REST API; answers the gallery id.</summary>
    public static async Task<int> ImportAsync(BrowserSession session, int people, int imagesEach)
    {
        var slice = Directory.CreateTempSubdirectory("fp-lfw-slice-");
        try
        {
            var chosen = Directory.GetDirectories(Path.Combine(RepoPaths.Lfw, "images")).Order(StringComparer.Ordinal)
                .Where(d => Directory.GetFiles(d, "*.jpg").Length >= imagesEach).Take(people);
            foreach (var person in chosen)
            {
                var target = Directory.CreateDirectory(Path.Combine(slice.FullName, Path.GetFileName(person)));
                foreach (var file in Directory.GetFiles(person, "*.jpg").Order(StringComparer.Ordinal).Take(imagesEach))
                {
                    File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
                }
            }
            using var api = new HttpClient { BaseAddress = new Uri(session.Address) };
            api.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
            var created = await api.PostAsJsonAsync("/api/galleries", new { name = "LFW slice" });
            var galleryId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var started = await api.PostAsJsonAsync($"/api/galleries/{galleryId}/import", new { serverFolder = slice.FullName });
            var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
            for (var i = 0; i < 600; i++)
            {
                var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
                var state = job.GetProperty("state").GetString();
                if (state != "queued" && state != "running")
                {
                    Assert.Equal("completed", state);
                    Assert.Equal(people * imagesEach, job.GetProperty("done").GetInt32());
                    return galleryId;
                }
                await Task.Delay(500);
            }
            throw new TimeoutException("the import did not finish in 5 minutes");
        }
        finally
        {
            slice.Delete(recursive: true);
        }
    }
}
