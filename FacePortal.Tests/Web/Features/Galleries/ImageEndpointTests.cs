using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Galleries;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>
/// <c>MapGalleryEndpoints</c> in a small host over a real store, database and engine: images by hash, aligned crops
/// made by the engine and cached, sign-in required.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ImageEndpointTests(ImageEndpointTests.Host host) : IClassFixture<ImageEndpointTests.Host>
{
    private PortalTestDatabase Db => host.Data;
    private FacePortal.Web.Platform.Data.GalleryImage Stored => host.Image;

    /// <summary>One database and web host for the class, over the engine collection's engine host.</summary>
    public sealed class Host(EngineFixture engine) : IAsyncLifetime
    {
        public PortalTestDatabase Data { get; private set; } = default!;

        public WebApplication App { get; private set; } = default!;

        public FacePortal.Web.Platform.Data.GalleryImage Image { get; private set; } = default!;

        public int Identity { get; private set; }

        public FacePortal.Engine.FaceEngine Engine { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            Data = await PortalTestDatabase.CreateAsync(engine.Host);
            Engine = engine.Engine;
            Identity = await Data.AddIdentityAsync(await Data.AddGalleryAsync("g"), "demo");
            Image = await Data.AddAnalyzedImageAsync(Engine, Identity, Path.Combine(FaceApiPackage.Directory, "demo", "sample2.jpg"));

            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Services.AddAuthentication(HeaderUser.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderUser>(HeaderUser.SchemeName, null);
            builder.Services.AddAuthorization();
            builder.Services.AddSingleton(Data.Images);
            builder.Services.AddSingleton(Data.Crops);
            App = builder.Build();
            App.UseAuthentication();
            App.UseAuthorization();
            App.MapGalleryEndpoints();
            await App.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Data.DisposeAsync();
        }
    }

    private HttpClient Client(bool signedIn)
    {
        var client = host.App.GetTestClient();
        if (signedIn)
        {
            client.DefaultRequestHeaders.Add(HeaderUser.Header, "viewer@test.local");
        }
        return client;
    }

    [Fact]
    public async Task GetImage_SignedIn_ServesTheStoredBytesAsJpeg()
    {
        using var response = await Client(signedIn: true).GetAsync($"/images/{Stored.ContentHash}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Db.Images.PathOf(Stored.ContentHash)), await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task GetImage_NotSignedIn_Unauthorized()
    {
        using var response = await Client(signedIn: false).GetAsync($"/images/{Stored.ContentHash}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("..%2F..%2Fportal.db")]
    [InlineData("not-a-hash")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task GetImage_BadOrUnknownHash_NotFound(string hash)
    {
        using var response = await Client(signedIn: true).GetAsync($"/images/{hash}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetImage_UpperCaseHash_NotFound()
    {
        using var response = await Client(signedIn: true).GetAsync($"/images/{Stored.ContentHash.ToUpperInvariant()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetCrop_PrimaryFace_AlignedPngMadeOnceAndCached()
    {
        var url = $"/images/{Stored.ContentHash}/faces/{Stored.PrimaryFaceIndex}/crop.png";

        using var response = await Client(signedIn: true).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var png = Image.Load(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((150, 150), (png.Width, png.Height));
        var cached = Path.Combine(Db.Crops.Folder, Stored.ContentHash[..2], $"{Stored.ContentHash}-{Stored.PrimaryFaceIndex}.png");
        Assert.True(File.Exists(cached));
        var written = File.GetLastWriteTimeUtc(cached);
        using var again = await Client(signedIn: true).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(written, File.GetLastWriteTimeUtc(cached));
    }

    [Fact]
    public async Task GetCrop_FaceStoredWithoutAKeptChip_MadeFromItsLandmarksAsAFreshAlignment()
    {
        // Rows imported before chips were kept: the crop is aligned from the stored landmarks.
        List<float[]> landmarks;
        await using (var db = await Db.CreateDbContextAsync())
        {
            landmarks = await db.Faces.Where(f => f.ImageId == Stored.Id && f.Index == Stored.PrimaryFaceIndex).Select(f => f.Landmarks).ToListAsync();
        }
        var image = host.Engine.Decoder.Decode(await Db.Images.ReadAsync(Stored.ContentHash, CancellationToken.None), "sample2.jpg");
        var fresh = host.Engine.Pipeline.AlignImage(image, new FaceLandmarks(LandmarkCodec.Unpack(landmarks.Single())!, null));

        using var response = await Client(signedIn: true).GetAsync($"/images/{Stored.ContentHash}/faces/{Stored.PrimaryFaceIndex}/crop.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var png = Image.Load<Rgb24>(await response.Content.ReadAsByteArrayAsync());
        var pixels = new byte[png.Width * png.Height * 3];
        png.CopyPixelDataTo(pixels);
        Assert.Equal(fresh.Pixels, pixels);
    }

    [Fact]
    public async Task GetCrop_NoSuchFace_NotFound()
    {
        using var response = await Client(signedIn: true).GetAsync($"/images/{Stored.ContentHash}/faces/99/crop.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DeleteImagesAsync_LastUse_RemovesFileAndCachedCrops()
    {
        // Its own image: the other tests share the class's.
        var image = await Db.AddAnalyzedImageAsync(host.Engine, host.Identity, Path.Combine(FaceApiPackage.Directory, "demo", "sample3.jpg"));
        var crop = await Db.Crops.GetAsync(image.ContentHash, image.PrimaryFaceIndex, CancellationToken.None);
        Assert.True(File.Exists(crop));

        await Db.GalleryImages.DeleteImagesAsync([image.Id], TestUsers.Operator, CancellationToken.None);

        Assert.False(Db.Images.Exists(image.ContentHash));
        Assert.False(File.Exists(crop));
        using var response = await Client(signedIn: true).GetAsync($"/images/{image.ContentHash}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Signs in whoever the test header names (the portal's cookie scheme needs a browser sign-in).</summary>
    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test-header";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.TryGetValue(Header, out var name)
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], SchemeName)), SchemeName))
                : AuthenticateResult.NoResult());
    }
}
