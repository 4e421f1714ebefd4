using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Tests.Web.Features.Identification;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>The REST API through the real portal: the answers, and a problem with the right status for each kind of bad input.</summary>
public class VerificationApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>A multipart form of files as the API clients send them (also used by the request-limit tests).</summary>
    internal static MultipartFormDataContent Form(params (string Field, string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, field, name);
        }
        return form;
    }

    private static byte[] Demo(int n) => File.ReadAllBytes(VerifyImages.Demo(n));

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    [Fact]
    public async Task Verify_TwoImages_AnswersDistanceVerdictModelFacesAndTimings()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync("/api/verify", Form(("a", "one.jpg", Demo(2)), ("b", "two.jpg", Demo(2))));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.True(body.GetProperty("match").GetBoolean());
        Assert.InRange(body.GetProperty("distance").GetDouble(), 0, 1e-4);
        Assert.Equal(0.6, body.GetProperty("threshold").GetDouble());
        Assert.InRange(body.GetProperty("similarity").GetDouble(), 0.999, 1);
        Assert.Equal("face-api", body.GetProperty("model").GetString());
        Assert.Equal("CPU", body.GetProperty("executionProvider").GetString());
        var a = body.GetProperty("faces").GetProperty("a");
        Assert.Equal(JsonValueKind.Array, a.ValueKind);
        Assert.True(a.GetArrayLength() >= 1);
        Assert.Equal(68, a[0].GetProperty("landmarks").GetArrayLength());
        Assert.True(a[0].GetProperty("box").GetProperty("width").GetDouble() > 20);
        var ms = body.GetProperty("milliseconds");
        foreach (var stage in new[] { "decode", "detect", "landmarks", "embed", "total" })
        {
            Assert.True(ms.GetProperty(stage).GetDouble() > 0, stage);
        }
    }

    [Fact]
    public async Task Verify_ThresholdBelowTheDistance_NoMatch()
    {
        using var client = factory.CreateApiClient();
        var form = Form(("a", "a.jpg", Demo(2)), ("b", "b.jpg", Demo(3)));
        form.Add(new StringContent("0.0001"), "threshold");
        var body = JsonDocument.Parse(await (await client.PostAsync("/api/verify", form)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0.0001, body.GetProperty("threshold").GetDouble());
        Assert.False(body.GetProperty("match").GetBoolean());
    }

    [Fact]
    public async Task Verify_CorruptImage_400()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync("/api/verify", Form(("a", "a.jpg", Demo(2)), ("b", "bad.png", VerifyImages.CorruptPng())));
        var problem = await Problem(response, HttpStatusCode.BadRequest);
        Assert.Contains("bad.png", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Verify_MissingImageOrBadThreshold_400()
    {
        using var client = factory.CreateApiClient();
        await Problem(await client.PostAsync("/api/verify", Form(("a", "a.jpg", Demo(2)))), HttpStatusCode.BadRequest);
        var form = Form(("a", "a.jpg", Demo(2)), ("b", "b.jpg", Demo(2)));
        form.Add(new StringContent("-1"), "threshold");
        await Problem(await client.PostAsync("/api/verify", form), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Verify_TiffSvgOrNotMultipart_415()
    {
        using var client = factory.CreateApiClient();
        var tiff = await Problem(await client.PostAsync("/api/verify", Form(("a", "scan.tif", VerifyImages.Tiff()), ("b", "b.jpg", Demo(2)))), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("TIFF", tiff.GetProperty("detail").GetString());
        await Problem(await client.PostAsync("/api/verify", Form(("a", "a.jpg", Demo(2)), ("b", "logo.svg", VerifyImages.Svg()))), HttpStatusCode.UnsupportedMediaType);
        await Problem(await client.PostAsync("/api/verify", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Verify_GradientWithoutFace_422()
    {
        using var client = factory.CreateApiClient();
        var problem = await Problem(await client.PostAsync("/api/verify", Form(("a", "a.jpg", Demo(2)), ("b", "gradient.png", VerifyImages.GradientPng()))),
            (HttpStatusCode)422);
        Assert.Contains("gradient.png", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Verify_FileOverTheLimit_413()
    {
        await using var small = factory.WithWebHostBuilder(b => b.UseSetting("FacePortal:Engine:Decoder:MaxFileBytes", "20000"));
        using var client = small.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", PortalFactory.ApiKey);
        Assert.True(Demo(1).Length > 20000);
        await Problem(await client.PostAsync("/api/verify", Form(("a", "big.jpg", Demo(1)), ("b", "b.jpg", Demo(1)))), HttpStatusCode.RequestEntityTooLarge);
        // A body far over the form limit is cut off while it streams, with the same answer.
        await Problem(await client.PostAsync("/api/embed", Form(("image", "huge.jpg", new byte[3_000_000]))), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Verify_WithoutApiKeyOrCookie_401()
    {
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/api/verify", Form(("a", "a.jpg", Demo(2)), ("b", "b.jpg", Demo(2))));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Embed_GroupPhoto_EveryFaceWithBoxLandmarksAndDescriptor()
    {
        using var client = factory.CreateApiClient();
        var response = await client.PostAsync("/api/embed", Form(("image", "group.jpg", Demo(1))));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var faces = body.GetProperty("faces");
        Assert.Equal(3, faces.GetArrayLength());
        Assert.All(faces.EnumerateArray(), f =>
        {
            Assert.Equal(128, f.GetProperty("descriptor").GetArrayLength());
            Assert.Equal(68, f.GetProperty("landmarks").GetArrayLength());
            Assert.Equal(2, f.GetProperty("landmarks")[0].GetArrayLength());
        });
        Assert.Single(faces.EnumerateArray(), f => f.GetProperty("primary").GetBoolean());
    }

    [Fact]
    public async Task Identify_UnknownGalleryOrNoGallery_404And400()
    {
        using var client = factory.CreateApiClient();
        var form = Form(("image", "p.jpg", Demo(2)));
        form.Add(new StringContent("987654"), "gallery");
        await Problem(await client.PostAsync("/api/identify", form), HttpStatusCode.NotFound);
        await Problem(await client.PostAsync("/api/identify", Form(("image", "p.jpg", Demo(2)))), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("1")]
    [InlineData("nearest")]
    public async Task Identify_ScoringNotANamedValue_400(string scoring)
    {
        using var client = factory.CreateApiClient();
        var form = Form(("image", "p.jpg", Demo(2)));
        form.Add(new StringContent("1"), "gallery");
        form.Add(new StringContent(scoring), "scoring");
        var problem = await Problem(await client.PostAsync("/api/identify", form), HttpStatusCode.BadRequest);
        Assert.Contains("'scoring'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_SeededGallery_EachFaceLabelledAndAStrangerUnknown()
    {
        // The gallery: the three people of the group photo, measured by the portal's own engine.
        var engine = await factory.Services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None);
        var group = engine.Pipeline.Analyze([engine.Decoder.Decode(Demo(1), "group.jpg")], FaceSelection.All, CancellationToken.None)[0];
        var dbs = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        int gallery;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            gallery = await GallerySeed.GalleryAsync(db, "group-" + Guid.NewGuid().ToString("N"));
            for (var f = 0; f < group.Faces.Count; f++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"person {f}", group.Faces[f].Descriptor!, engine.Pipeline.Signature);
            }
        }
        using var client = factory.CreateApiClient();

        var form = Form(("image", "group.jpg", Demo(1)));
        form.Add(new StringContent(gallery.ToString()), "gallery");
        form.Add(new StringContent("2"), "k");
        var response = await client.PostAsync("/api/identify", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(body.GetProperty("unknown").GetBoolean());
        Assert.Equal($"person {group.PrimaryIndex}", body.GetProperty("candidates")[0].GetProperty("identity").GetString());
        Assert.Equal(2, body.GetProperty("candidates").GetArrayLength());
        Assert.InRange(body.GetProperty("candidates")[0].GetProperty("distance").GetDouble(), 0, 1e-4);
        var faces = body.GetProperty("faces");
        Assert.Equal(3, faces.GetArrayLength());
        Assert.All(faces.EnumerateArray(), f => Assert.Equal($"person {f.GetProperty("index").GetInt32()}", f.GetProperty("label").GetString()));

        var stranger = Form(("image", "gradient.png", VerifyImages.GradientPng()));
        stranger.Add(new StringContent(gallery.ToString()), "gallery");
        await Problem(await client.PostAsync("/api/identify", stranger), (HttpStatusCode)422);

        // Another photo (sample2) at a strict threshold: the nearest identity does not pass, so "unknown", candidates still listed.
        var other = Form(("image", "other.jpg", Demo(2)));
        other.Add(new StringContent(gallery.ToString()), "gallery");
        other.Add(new StringContent("0.3"), "threshold");
        var otherBody = JsonDocument.Parse(await (await client.PostAsync("/api/identify", other)).Content.ReadAsStringAsync()).RootElement;
        Assert.True(otherBody.GetProperty("unknown").GetBoolean(), otherBody.ToString());
        Assert.True(otherBody.GetProperty("candidates")[0].GetProperty("distance").GetDouble() > 0.3);
    }

    [Fact]
    public async Task EvaluateIdentification_SeededGallery_AnswersOpenSetBySizeAndRejectsABadTarget()
    {
        var engine = await factory.Services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None);
        var (data, labels) = RandomDescriptors.Clustered(identities: 20, perIdentity: 3, dimensions: 128, seed: 5);
        var (strangers, _) = RandomDescriptors.Clustered(identities: 30, perIdentity: 1, dimensions: 128, seed: 6);
        var dbs = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        int gallery;
        await using (var db = await dbs.CreateDbContextAsync())
        {
            gallery = await GallerySeed.GalleryAsync(db, "open-set-" + Guid.NewGuid().ToString("N"));
            for (var r = 0; r < data.Length; r++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"p{labels[r]}", data[r], engine.Pipeline.Signature);
            }
            for (var s = 0; s < strangers.Length; s++)
            {
                await GallerySeed.ImageAsync(db, gallery, $"stranger {s}", strangers[s], engine.Pipeline.Signature);
            }
        }
        using var client = factory.CreateApiClient();

        var response = await client.GetAsync($"/api/galleries/{gallery}/identification-evaluation?k=3&targetFpir=0.1");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(20, body.GetProperty("matedProbes").GetInt32());
        Assert.Equal(30, body.GetProperty("nonMatedProbes").GetInt32());
        var bySize = body.GetProperty("openSetBySize");
        Assert.Equal([0.003, 0.1], bySize.GetProperty("targetFpirs").EnumerateArray().Select(t => t.GetDouble()));
        var sizes = bySize.GetProperty("sizes").EnumerateArray().ToList();
        Assert.Equal([2, 5, 10, 20], sizes.Select(z => z.GetProperty("identities").GetInt32()));
        foreach (var size in sizes)
        {
            foreach (var at in size.GetProperty("atFpir").EnumerateArray())
            {
                Assert.True(at.GetProperty("fpir").GetDouble() <= at.GetProperty("targetFpir").GetDouble(), at.ToString());
                Assert.InRange(at.GetProperty("fnirRank1").GetDouble(), 0, 1);
            }
            Assert.InRange(size.GetProperty("investigation").GetProperty("missAtCandidates").GetDouble(), 0, 1);
        }
        Assert.Equal(20, bySize.GetProperty("predicted")[0].GetProperty("identities").GetInt64());

        // Half the repeated identities held out: 10 more strangers, 10 fewer mated probes.
        var held = JsonDocument.Parse(await client.GetStringAsync($"/api/galleries/{gallery}/identification-evaluation?k=3&holdOut=0.5")).RootElement;
        Assert.Equal((10, 40), (held.GetProperty("matedProbes").GetInt32(), held.GetProperty("nonMatedProbes").GetInt32()));

        await Problem(await client.GetAsync($"/api/galleries/{gallery}/identification-evaluation?targetFpir=1.5"), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync($"/api/galleries/{gallery}/identification-evaluation?holdOut=0.95"), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync($"/api/galleries/{gallery}/identification-evaluation?holdOut=abc"), HttpStatusCode.BadRequest);
        await Problem(await client.GetAsync("/api/galleries/999999/identification-evaluation"), HttpStatusCode.NotFound);
    }
}
