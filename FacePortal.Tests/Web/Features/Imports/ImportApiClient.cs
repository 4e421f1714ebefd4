using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>The REST calls the import tests make, over a client signed in with the API key.</summary>
internal sealed class ImportApiClient(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<int> CreateGalleryAsync(string name)
    {
        var response = await http.PostAsJsonAsync("/api/galleries", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    public Task<HttpResponseMessage> UploadAsync(int galleryId, byte[] content, string fileName, string? identity = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (identity is not null)
        {
            form.Add(new StringContent(identity), "identity");
        }
        return http.PostAsync($"/api/galleries/{galleryId}/import", form);
    }

    /// <summary>Uploads and expects 202; the job id.</summary>
    public async Task<int> StartUploadAsync(int galleryId, byte[] content, string fileName, string? identity = null)
    {
        var response = await UploadAsync(galleryId, content, fileName, identity);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
    }

    public async Task<int> StartServerFolderAsync(int galleryId, string folder)
    {
        var response = await http.PostAsJsonAsync($"/api/galleries/{galleryId}/import", new { serverFolder = folder });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
    }

    public async Task<JsonElement> JobAsync(int jobId)
    {
        var response = await http.GetAsync($"/api/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> GalleryAsync(int galleryId)
    {
        var response = await http.GetAsync($"/api/galleries/{galleryId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the job until <paramref name="until"/> holds (default: it has ended); fails after the timeout.</summary>
    public async Task<JsonElement> WaitAsync(int jobId, Func<JsonElement, bool>? until = null, int timeoutSeconds = 300)
    {
        until ??= j => j.GetProperty("state").GetString() is "completed" or "failed" or "cancelled";
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var job = await JobAsync(jobId);
            if (until(job))
            {
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Job {jobId} did not get there in {timeoutSeconds} s: {job}");
            }
            await Task.Delay(50);
        }
    }

    public static IReadOnlyList<(string File, string Reason)> Errors(JsonElement job) =>
        job.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("file").GetString()!, e.GetProperty("reason").GetString()!)).ToList();
}
