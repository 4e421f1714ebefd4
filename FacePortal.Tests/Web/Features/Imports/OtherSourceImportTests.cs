using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Features.Imports;

[Collection(ImportPortalCollection.Name)]
public class OtherSourceImportTests(ImportPortalFixture portal)
{
    private ImportApiClient Api => portal.Api;

    [Fact]
    public async Task Import_ImagesWithIdentity_GoToThatIdentityAndFinishedJobCannotBeCancelled()
    {
        var gallery = await Api.CreateGalleryAsync("files-" + Guid.NewGuid().ToString("N")[..8]);

        var single = await Api.WaitAsync(await Api.StartUploadAsync(gallery, ImportTestData.Png(40), "me.png", identity: "  Some One  "));
        var form = new MultipartFormDataContent();
        foreach (var (seed, name) in new[] { (41, "a.png"), (42, "b.png"), (40, "same-as-me.png") })
        {
            form.Add(new ByteArrayContent(ImportTestData.Png(seed)), "file", name);
        }
        form.Add(new StringContent("Some One"), "identity");
        var response = await Api.Http.PostAsync($"/api/galleries/{gallery}/import", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var several = await Api.WaitAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32());

        Assert.Equal("completed", single.GetProperty("state").GetString());
        Assert.Equal("completed", several.GetProperty("state").GetString());
        Assert.Equal(3, several.GetProperty("done").GetInt32());
        await using var db = portal.Db();
        var identity = await db.Identities.Include(i => i.Images).SingleAsync(i => i.GalleryId == gallery);
        Assert.Equal("Some One", identity.Name);
        Assert.Equal(
            new[] { ("a.png", ImageOutcome.NoFace), ("b.png", ImageOutcome.NoFace), ("me.png", ImageOutcome.NoFace), ("same-as-me.png", ImageOutcome.Duplicate) },
            identity.Images.Select(i => (i.OriginalName, i.Outcome)).OrderBy(i => i.OriginalName));
        // One entry per import job, in the API caller's name.
        var activity = await db.Activity.Where(a => a.GalleryId == gallery && a.Action == "import").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["api-key", "api-key"], activity.Select(a => a.User));
        Assert.Contains("3 of 3 files", activity[1].Details);
        var cancel = await Api.Http.PostAsync($"/api/jobs/{several.GetProperty("id").GetInt32()}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
    }

    [Fact]
    public async Task Import_CsvManifest_TagsFromExtraColumnsAndUnsafePathsRefused()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fp-csv-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "a"));
            Directory.CreateDirectory(Path.Combine(folder, "b"));
            await File.WriteAllBytesAsync(Path.Combine(folder, "a", "1.png"), ImportTestData.Png(50));
            await File.WriteAllBytesAsync(Path.Combine(folder, "b", "2 with, comma.png"), ImportTestData.Png(51));
            var manifest = """
                path,identity,gender,age
                a/1.png,Alice,female,60+
                "b/2 with, comma.png","Bob ""B"" Smith",male,
                ../outside.png,Eve,x,y
                /etc/passwd,Eve,,
                missing.png,Carl,,
                a/1.png
                """;
            var gallery = await Api.CreateGalleryAsync("csv-" + Guid.NewGuid().ToString("N")[..8]);
            var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(Encoding.UTF8.GetBytes(manifest)), "manifest", "people.csv" },
                { new StringContent(folder), "baseFolder" },
            };

            var response = await Api.Http.PostAsync($"/api/galleries/{gallery}/import", form);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = await Api.WaitAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32());

            Assert.Equal("completed", job.GetProperty("state").GetString());
            var errors = ImportApiClient.Errors(job).ToDictionary(e => e.File, e => e.Reason);
            Assert.Contains("'..'", errors["../outside.png"]);
            Assert.Contains("absolute path", errors["/etc/passwd"]);
            Assert.Contains("cannot read", errors["missing.png"]);
            Assert.Contains("expected path,identity", errors["people.csv line 7"]);
            Assert.Equal(4, errors.Count);
            await using var db = portal.Db();
            var images = await db.Images.Include(i => i.Identity).Where(i => i.GalleryId == gallery).ToDictionaryAsync(i => i.Identity!.Name);
            Assert.Equal(new[] { "gender:female", "age:60+" }, images["Alice"].Tags);
            Assert.Equal(new[] { "gender:male" }, images["Bob \"B\" Smith"].Tags);
            Assert.Equal(2, images.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_ServerFolder_ReportsLooseFilesAndNestedFolders()
    {
        var folder = Path.Combine(Path.GetTempPath(), "fp-folder-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "Ann", "nested"));
            Directory.CreateDirectory(Path.Combine(folder, "Ben Ó'Hara"));
            await File.WriteAllBytesAsync(Path.Combine(folder, "loose.png"), ImportTestData.Png(60));
            await File.WriteAllBytesAsync(Path.Combine(folder, "Ann", "1.png"), ImportTestData.Png(61));
            await File.WriteAllBytesAsync(Path.Combine(folder, "Ann", "nested", "2.png"), ImportTestData.Png(62));
            await File.WriteAllBytesAsync(Path.Combine(folder, "Ben Ó'Hara", "3.png"), ImportTestData.Png(63));
            await File.WriteAllBytesAsync(Path.Combine(folder, "Ben Ó'Hara", "notes.txt"), "text"u8.ToArray());
            var gallery = await Api.CreateGalleryAsync("folder-" + Guid.NewGuid().ToString("N")[..8]);

            var job = await Api.WaitAsync(await Api.StartServerFolderAsync(gallery, folder));

            Assert.Equal("completed", job.GetProperty("state").GetString());
            var errors = ImportApiClient.Errors(job).ToDictionary(e => e.File, e => e.Reason);
            Assert.Contains("beside the identity folders", errors["loose.png"]);
            Assert.Contains("folder inside an identity folder", errors["Ann/nested"]);
            Assert.Contains("unsupported format", errors["Ben Ó'Hara/notes.txt"]);
            Assert.Equal(3, errors.Count);
            var counts = await Api.GalleryAsync(gallery);
            Assert.Equal(2, counts.GetProperty("identities").GetInt32());
            Assert.Equal(2, counts.GetProperty("images").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Import_SameFileTwiceAcrossJobs_SecondIsDuplicateNotStoredTwice()
    {
        var gallery = await Api.CreateGalleryAsync("twice-" + Guid.NewGuid().ToString("N")[..8]);
        var zip = ImportTestData.Zip([("P/x.png", ImportTestData.Png(70))]);

        await Api.WaitAsync(await Api.StartUploadAsync(gallery, zip, "one.zip"));
        var second = await Api.WaitAsync(await Api.StartUploadAsync(gallery, zip, "two.zip"));

        Assert.Equal("completed", second.GetProperty("state").GetString());
        await using var db = portal.Db();
        var rows = await db.Images.Where(i => i.GalleryId == gallery).OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(new[] { ImageOutcome.NoFace, ImageOutcome.Duplicate }, rows.Select(r => r.Outcome));
        Assert.Contains("same content as P/x.png", rows[1].Error);
        var file = new ImageStore(Path.Combine(portal.Factory.DataDirectory, "images")).PathOf(rows[0].ContentHash);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!, rows[0].ContentHash + "*"));
    }

    [Fact]
    public async Task Import_ImageWithFaces_KeepsEachChipAndServesTheCropAFreshAlignmentGives()
    {
        var gallery = await Api.CreateGalleryAsync("chips-" + Guid.NewGuid().ToString("N")[..8]);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));

        var job = await Api.WaitAsync(await Api.StartUploadAsync(gallery, bytes, "sample1.jpg", identity: "Demo"));

        Assert.Equal("completed", job.GetProperty("state").GetString());
        await using var db = portal.Db();
        var image = await db.Images.Include(i => i.Faces).SingleAsync(i => i.GalleryId == gallery);
        var measured = image.Faces.Where(f => f.Landmarks.Length > 0).OrderBy(f => f.Index).ToList();
        Assert.NotEmpty(measured);
        var engine = await portal.Factory.Services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None);
        var decoded = engine.Decoder.Decode(bytes, "sample1.jpg");
        var crops = Path.Combine(portal.Factory.DataDirectory, "crops", image.ContentHash[..2]);
        foreach (var face in measured)
        {
            // Kept by the import as raw pixels, on disk before anyone asks for it; the first request encodes the PNG.
            var png = Path.Combine(crops, $"{image.ContentHash}-{face.Index}.png");
            var raw = Path.Combine(crops, $"{image.ContentHash}-{face.Index}.chip");
            Assert.True(File.Exists(raw), $"face {face.Index} has no kept chip");
            Assert.False(File.Exists(png), $"face {face.Index}'s PNG was encoded before it was asked for");
            using var response = await Api.Http.GetAsync($"/images/{image.ContentHash}/faces/{face.Index}/crop.png");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(File.Exists(png) && !File.Exists(raw), $"face {face.Index}'s raw chip was not replaced by its PNG");
            using var served = Image.Load<Rgb24>(await response.Content.ReadAsByteArrayAsync());
            var pixels = new byte[served.Width * served.Height * 3];
            served.CopyPixelDataTo(pixels);
            var fresh = engine.Pipeline.AlignImage(decoded, new FaceLandmarks(LandmarkCodec.Unpack(face.Landmarks)!, null));
            Assert.Equal((fresh.Width, fresh.Height), (served.Width, served.Height));
            Assert.Equal(fresh.Pixels, pixels);
        }
    }
}
