using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Verification;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Platform.Api;

/// <summary>
/// What a request may carry follows what the API accepts (issue 10, item 4), on real Kestrel where its own limits
/// matter: two images at the decoder's size limit pass, the pairs-file limit is reachable, and each refusal names the
/// limit that refused it.
/// </summary>
public sealed class RequestLimitsTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private HttpClient _kestrel = default!;

    public Task InitializeAsync()
    {
        _portal.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _portal.StartServer();
        var address = _portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Patient with 100-continue: the first answer may wait for the engine to load.
        _kestrel = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromMinutes(3),
        };
        _kestrel.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _kestrel.Dispose();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task Verify_TwoImagesOf15MegabytesEach_AreAnalysedNotRefusedForTheirSize()
    {
        // Noise stored without compression: 2,300 x 2,300 x 3 bytes, about 15.9 MB each, 31.7 MB together (over Kestrel's
        // 30,000,000-byte default, under the decoder's 20 MB per image).
        var image = NoisePng(2300, 2300, seed: 1);
        Assert.InRange(image.Length, 15_500_000, 20 * 1024 * 1024);

        using var form = VerificationApiTests.Form(("a", "a.png", image), ("b", "b.png", NoisePng(2300, 2300, seed: 2)));
        using var response = await _kestrel.PostAsync("/api/verify", form);

        var body = await response.Content.ReadAsStringAsync();
        // Noise holds no face: 422 says the images were decoded and searched.
        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task Verify_BodyBeyondTwoImagesAtTheLimit_413NamesThePerImageSetting()
    {
        var client = _kestrel;
        var big = new byte[21 * 1024 * 1024];
        using var form = VerificationApiTests.Form(("a", "a.png", big), ("b", "b.png", big));
        // The answer comes from the Content-Length alone: with 100-continue the client waits for it before sending.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verify") { Content = form };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("FacePortal:Engine:Decoder:MaxFileBytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_FormWithHundredsOfParts_400SaysTooManyFieldsNotTooLarge()
    {
        var client = _kestrel;
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 200; i++)
        {
            form.Add(new StringContent("1"), $"field{i}");
        }

        using var response = await client.PostAsync("/api/verify", form);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("more than 64 fields", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_FormWithMoreThanTenThousandParts_400SaysSendAZip()
    {
        var client = _kestrel;
        var created = await client.PostAsJsonAsync("/api/galleries", new { name = "parts" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 10_001; i++)
        {
            form.Add(new StringContent("x"), "identity");
        }

        using var response = await client.PostAsync($"/api/galleries/{id}/import", form);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 10,000 files and fields", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("bytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PairsImport_FileOf40Megabytes_ReachesTheParserUnderItsOwn64MegabyteLimit()
    {
        var junk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a pairs line\n", 40 * 1024 * 1024 / 17)));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("1"), "galleryId" },
            { new ByteArrayContent(junk), "file", "pairs.txt" },
        };

        using var response = await _kestrel.PostAsync("/api/pairsets/import", form);

        // Read and judged (no such gallery or no pairs), not refused by the server's default body limit.
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {body}");
    }

    [Theory]
    [InlineData("99")]
    [InlineData("\"99\"")]
    [InlineData("\"NoSuchMode\"")]
    [InlineData("true")]
    public async Task JsonBody_UndefinedEnumValue_400NamesTheField(string value)
    {
        var client = _kestrel;
        using var content = new StringContent($"{{\"galleryId\": 987654, \"negativeSampling\": {value}}}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/pairsets", content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'negativeSampling'", problem, StringComparison.Ordinal);
        Assert.Contains("Random", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"random\"")]
    [InlineData("0")]
    public async Task JsonBody_DefinedEnumValue_IsAcceptedByNameOrNumber(string value)
    {
        var client = _kestrel;
        using var content = new StringContent($"{{\"galleryId\": 987654, \"negativeSampling\": {value}}}", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/pairsets", content);

        // Past the binding: the answer is about the missing gallery.
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("987654", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBody_Malformed_IsAProblemNotABare400()
    {
        var client = _kestrel;
        using var content = new StringContent("{\"galleryId\": ", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/pairsets", content);

        await ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private static byte[] NoisePng(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        using var image = Image.LoadPixelData<Rgb24>(pixels, width, height);
        using var buffer = new MemoryStream();
        image.Save(buffer, new PngEncoder { CompressionLevel = PngCompressionLevel.NoCompression });
        return buffer.ToArray();
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }
}
