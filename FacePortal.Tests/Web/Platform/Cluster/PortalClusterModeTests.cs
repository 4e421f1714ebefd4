using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Cluster;
using FacePortal.Web.Platform.Search;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>
/// The portal itself in Cluster mode (hosting a silo, Localhost membership), driven over REST as an operator would:
/// an LFW slice imported, people identified, and every answer full and equal to the Embedded portal's on the same data.
/// </summary>
[Collection(SiloProcessCollection.Name)]
public class PortalClusterModeTests(ITestOutputHelper output)
{
    private const int People = 12;

    [LfwImagesFact]
    public async Task PortalInClusterMode_ImportThenIdentifyOverRest_FullAnswersEqualToTheEmbeddedPortals()
    {
        var data = Path.Combine(Path.GetTempPath(), "fp-portal-cluster-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (zip, probes) = Slice();
            var siloPort = LoopbackPorts.Free();
            Dictionary<string, List<(string Identity, double Distance)>> clustered;
            int gallery;
            await using (var cluster = PortalFactory.OnDataDirectory(data))
            {
                cluster.Settings["FacePortal:Search:Mode"] = "Cluster";
                cluster.Settings["FacePortal:Search:Shards"] = "4";
                cluster.Settings["FacePortal:Cluster:Role"] = "Silo";
                cluster.Settings["FacePortal:Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                cluster.Settings["FacePortal:Cluster:PrimarySiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                cluster.Settings["FacePortal:Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var api = cluster.CreateApiClient();
                // The portal searches through the cluster (its own silo's shards), not its embedded index.
                Assert.IsType<ClusterFaceSearch>(cluster.Services.GetRequiredService<IFaceSearch>());
                gallery = await ImportAsync(api, zip);
                clustered = [];
                foreach (var (person, probe) in probes)
                {
                    clustered[person] = await IdentifyFullAsync(api, gallery, probe);
                }
            }

            // The same data, searched by the embedded index of a portal in the default mode.
            await using var embedded = PortalFactory.OnDataDirectory(data);
            using var local = embedded.CreateApiClient();
            Assert.IsNotType<ClusterFaceSearch>(embedded.Services.GetRequiredService<IFaceSearch>());
            var right = 0;
            foreach (var (person, probe) in probes)
            {
                var expected = await IdentifyFullAsync(local, gallery, probe);
                Assert.Equal(expected.Select(c => c.Identity), clustered[person].Select(c => c.Identity));
                Assert.All(expected.Zip(clustered[person]), p => Assert.Equal(p.First.Distance, p.Second.Distance, 6));
                right += clustered[person][0].Identity == person ? 1 : 0;
            }
            output.WriteLine($"{right} of {probes.Count} probes named their person first");
            Assert.InRange(right, probes.Count - 1, probes.Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    // The first people of LFW with at least four photos: three each in a zip, the fourth as the probe.
    private static (byte[] Zip, List<(string Person, byte[] Probe)> Probes) Slice()
    {
        var chosen = Directory.GetDirectories(Path.Combine(RepoPaths.Lfw, "images")).Order(StringComparer.Ordinal)
            .Select(d => (Person: Path.GetFileName(d), Files: Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToList()))
            .Where(p => p.Files.Count >= 4).Take(People).ToList();
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (person, files) in chosen)
            {
                foreach (var file in files.Take(3))
                {
                    archive.CreateEntryFromFile(file, $"{person}/{Path.GetFileName(file)}");
                }
            }
        }
        return (buffer.ToArray(), [.. chosen.Take(4).Select(p => (p.Person, File.ReadAllBytes(p.Files[3])))]);
    }

    private static async Task<int> ImportAsync(HttpClient api, byte[] zip)
    {
        var created = await api.PostAsJsonAsync("/api/galleries", new { name = "cluster mode" });
        var gallery = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "slice.zip");
        var started = await api.PostAsync($"/api/galleries/{gallery}/import", form);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var job = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();
        for (var i = 0; i < 600; i++)
        {
            var state = (await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}")).GetProperty("state").GetString();
            if (state is not ("queued" or "running"))
            {
                Assert.Equal("completed", state);
                return gallery;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("the import did not finish in 5 minutes");
    }

    // Asks until the answer is full: the first queries of a fresh silo may come back partial while its shards load.
    private static async Task<List<(string Identity, double Distance)>> IdentifyFullAsync(HttpClient api, int gallery, byte[] probe)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(probe), "image", "probe.jpg");
            form.Add(new StringContent(gallery.ToString(System.Globalization.CultureInfo.InvariantCulture)), "gallery");
            form.Add(new StringContent("5"), "k");
            var response = await api.PostAsync("/api/identify", form);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var body = JsonDocument.Parse(text).RootElement;
            if (!body.GetProperty("partial").GetBoolean())
            {
                Assert.Equal(1, body.GetProperty("searched").GetDouble(), 6);
                Assert.Equal(3 * People, body.GetProperty("index").GetProperty("descriptors").GetInt32());
                return [.. body.GetProperty("candidates").EnumerateArray()
                    .Select(c => (c.GetProperty("identity").GetString()!, c.GetProperty("distance").GetDouble()))];
            }
            Assert.True(attempt < 120, "no full answer within a minute");
            await Task.Delay(500);
        }
    }
}
