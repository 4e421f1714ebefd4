using System.Text;
using FacePortal.Tests.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Tiff;

namespace FacePortal.Tests.Web.Features.Imports;

[Collection(ImportPortalCollection.Name)]
public class ZipImportTests(ImportPortalFixture portal)
{
    private ImportApiClient Api => portal.Api;

    [LfwImagesFact]
    public async Task Import_ZipOfThreeIdentities_CompletesWithCountsAndMeasuredFaces()
    {
        var images = ImportTestData.Lfw(people: 3, perPerson: 2);
        // Under one extra top-level folder, as an LFW zip has it.
        var zip = ImportTestData.Zip(images.Select(i => ($"lfw/{i.Person}/{Path.GetFileName(i.Path)}", File.ReadAllBytes(i.Path))));
        var gallery = await Api.CreateGalleryAsync("three-" + Guid.NewGuid().ToString("N")[..8]);

        var jobId = await Api.StartUploadAsync(gallery, zip, "three.zip");
        var job = await Api.WaitAsync(jobId);

        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(6, job.GetProperty("total").GetInt32());
        Assert.Equal(6, job.GetProperty("done").GetInt32());
        Assert.Empty(ImportApiClient.Errors(job));
        var counts = await Api.GalleryAsync(gallery);
        Assert.Equal(3, counts.GetProperty("identities").GetInt32());
        Assert.Equal(6, counts.GetProperty("images").GetInt32());
        Assert.True(counts.GetProperty("faces").GetInt32() >= 6, counts.ToString());

        await using var db = portal.Db();
        var rows = await db.Images.Include(i => i.Faces).ThenInclude(f => f.Descriptors).Include(i => i.Identity).Where(i => i.GalleryId == gallery).ToListAsync();
        Assert.Equal(images.Select(i => i.Person).Distinct().Order(), rows.Select(r => r.Identity!.Name).Distinct().Order());
        var store = new ImageStore(Path.Combine(portal.Factory.DataDirectory, "images"));
        foreach (var row in rows)
        {
            Assert.Contains(row.Outcome, new[] { ImageOutcome.Face, ImageOutcome.SeveralFaces });
            Assert.True(store.Exists(row.ContentHash));
            Assert.Equal(250, row.Width);
            var primary = row.Faces.Single(f => f.Index == row.PrimaryFaceIndex);
            var descriptor = Assert.Single(primary.Descriptors);
            Assert.Equal(128, descriptor.Vector.Length);
            Assert.StartsWith("v", descriptor.Model);
            Assert.Equal(136, primary.Landmarks.Length);
            Assert.True(primary.Sharpness > 0, $"sharpness {primary.Sharpness}");
            Assert.InRange(primary.Yaw, -60, 60);
            Assert.InRange(primary.Score, 0.1, 1);
            Assert.True(primary.Size > 40, $"face size {primary.Size}");
        }
        var activity = await db.Activity.Where(a => a.GalleryId == gallery && a.Action == "import").SingleAsync();
        Assert.Contains("6 of 6 files", activity.Details);
        Assert.Equal("api-key", activity.User);
        // The upload was removed when the job ended.
        var parameters = ImportParameters.Parse((await db.Jobs.FindAsync(jobId))!.Parameters);
        Assert.False(Directory.Exists(parameters.UploadFolder(portal.Factory.DataDirectory)));
    }

    [Fact]
    public async Task Import_ZipWithEveryKindOfBadFile_EachGetsAnErrorAndTheRestIsImported()
    {
        var token = Guid.NewGuid().ToString("N");
        var jpeg = JpegOf(ImportTestData.Png(1, 120, 90));
        var entries = new List<(string Name, byte[] Content)>
        {
            ("Good/pattern.png", ImportTestData.Png(2)),
            ("Bad/notes.txt", "just some text\n"u8.ToArray()),
            ("Bad/truncated.jpg", jpeg[..(jpeg.Length / 2)]),
            ("Bad/huge.png", TestImages.CraftedPng(100_000, 100_000, 1)),
            ("Bad/scan.tiff", TiffOf(ImportTestData.Png(3))),
            ("Bad/vector.svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>")),
            ("Bad/empty.jpg", []),
            ($"../evil-{token}.png", ImportTestData.Png(4)),
            ($"/tmp/evil-{token}.png", ImportTestData.Png(5)),
            ($"C:/evil-{token}.png", ImportTestData.Png(6)),
            ($"Good/../../evil-{token}-2.png", ImportTestData.Png(7)),
            ("Bad/inner.zip", ImportTestData.Zip([("A/x.png", ImportTestData.Png(8))])),
            ("Bad/disguised.jpg", ImportTestData.Zip([("A/x.png", ImportTestData.Png(9))])),
            ("root.png", ImportTestData.Png(10)),
            ("Dup/a.png", ImportTestData.Png(11)),
            ("Dup/a.png", ImportTestData.Png(11)),
            ("Dup2/b.png", ImportTestData.Png(12)),
            ("Dup2/b.png", ImportTestData.Png(13)),
            ("  José   O'Brien \"Q\"  /x.png", ImportTestData.Png(14)),
            ("名前 ☺/x.png", ImportTestData.Png(15)),
            (new string('L', 300) + "/x.png", ImportTestData.Png(16)),
            ("<img src=x onerror=alert(1)>/x.png", ImportTestData.Png(17)),
        };
        var gallery = await Api.CreateGalleryAsync("bad-" + token[..8]);

        var job = await Api.WaitAsync(await Api.StartUploadAsync(gallery, ImportTestData.Zip(entries), "bad.zip"));

        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(entries.Count, job.GetProperty("total").GetInt32());
        Assert.Equal(entries.Count, job.GetProperty("done").GetInt32());
        // The finished job says what became of the files, where its progress line was.
        var message = job.GetProperty("message").GetString()!;
        Assert.Contains("1 duplicate", message);
        Assert.Contains("6 unreadable", message);
        Assert.Contains("not imported (errors)", message);
        var errors = ImportApiClient.Errors(job);
        AssertError(errors, "Bad/notes.txt", "unsupported format");
        AssertError(errors, "Bad/truncated.jpg", "truncated");
        AssertError(errors, "Bad/huge.png", "too many pixels");
        AssertError(errors, "Bad/scan.tiff", "TIFF images are not accepted");
        AssertError(errors, "Bad/vector.svg", "unsupported format");
        AssertError(errors, "Bad/empty.jpg", "empty");
        AssertError(errors, $"../evil-{token}.png", "'..'");
        AssertError(errors, $"/tmp/evil-{token}.png", "absolute path");
        AssertError(errors, $"C:/evil-{token}.png", "drive letter");
        AssertError(errors, $"Good/../../evil-{token}-2.png", "'..'");
        AssertError(errors, "Bad/inner.zip", "nested zip not supported");
        AssertError(errors, "Bad/disguised.jpg", "nested zip not supported");
        AssertError(errors, "root.png", "root of the zip");
        Assert.True(errors.Count == 13, string.Join(" | ", errors.Select(e => $"{e.File}: {e.Reason}")));

        await using var db = portal.Db();
        var rows = await db.Images.Include(i => i.Identity).Where(i => i.GalleryId == gallery).ToListAsync();
        Assert.Equal(ImageOutcome.NoFace, rows.Single(r => r.OriginalName == "Good/pattern.png").Outcome);
        var dup = rows.Where(r => r.OriginalName == "Dup/a.png").OrderBy(r => r.Id).ToList();
        Assert.Equal(new[] { ImageOutcome.NoFace, ImageOutcome.Duplicate }, dup.Select(r => r.Outcome));
        Assert.True(dup[1].Excluded);
        Assert.Equal(dup[0].ContentHash, dup[1].ContentHash);
        Assert.Equal(2, rows.Count(r => r.OriginalName == "Dup2/b.png" && r.Outcome == ImageOutcome.NoFace));
        var unreadable = rows.Where(r => r.Outcome == ImageOutcome.Unreadable).Select(r => r.OriginalName).Order().ToList();
        Assert.Equal(new[] { "Bad/empty.jpg", "Bad/huge.png", "Bad/notes.txt", "Bad/scan.tiff", "Bad/truncated.jpg", "Bad/vector.svg" }, unreadable);
        Assert.All(rows.Where(r => r.Outcome == ImageOutcome.Unreadable), r => Assert.False(string.IsNullOrEmpty(r.Error)));
        var names = rows.Select(r => r.Identity!.Name).Distinct().ToList();
        Assert.Contains("José O'Brien \"Q\"", names);
        Assert.Contains("名前 ☺", names);
        Assert.Contains(new string('L', 200), names);
        Assert.Contains("<img src=x onerror=alert(1)>", names);

        // Nothing was written anywhere under those names.
        Assert.Empty(Directory.EnumerateFiles(portal.Factory.DataDirectory, $"*{token}*", SearchOption.AllDirectories));
        foreach (var folder in new[] { Path.GetDirectoryName(portal.Factory.DataDirectory)!, Path.GetTempPath(), "/tmp", Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            Assert.Empty(Directory.EnumerateFiles(folder, $"*{token}*"));
        }
        var counts = await Api.GalleryAsync(gallery);
        Assert.Equal(8, counts.GetProperty("images").GetInt32());
        Assert.Equal(1, counts.GetProperty("outcomes").GetProperty("duplicate").GetInt32());
    }

    [Fact]
    public async Task Import_ZipBomb_RefusesWhatPassesTheLimitsAndImportsTheRest()
    {
        var zeros = new byte[2 * 1024 * 1024];
        var entries = new List<(string, byte[])> { ("Good/ok.png", ImportTestData.Png(30)) };
        entries.AddRange(Enumerable.Range(0, 20).Select(i => ($"Bomb/zeros-{i:D2}.jpg", zeros)));
        // Compresses only ~8:1, under the ratio limit: 12 x 2 MiB passes the 16 MiB total after 7 of them.
        entries.AddRange(Enumerable.Range(0, 12).Select(i => ($"Big/low-{i:D2}.jpg", LowEntropy(i, zeros.Length))));
        var zip = ImportTestData.Zip(entries);
        Assert.True(zip.Length < ImportPortalFixture.MaxUploadBytes, $"the test zip is {zip.Length} bytes");
        var gallery = await Api.CreateGalleryAsync("bomb-" + Guid.NewGuid().ToString("N")[..8]);

        var job = await Api.WaitAsync(await Api.StartUploadAsync(gallery, zip, "bomb.zip"));

        Assert.Equal("completed", job.GetProperty("state").GetString());
        var errors = ImportApiClient.Errors(job);
        Assert.Equal(20, errors.Count(e => e.File.StartsWith("Bomb/", StringComparison.Ordinal) && e.Reason.Contains("compression ratio")));
        var overTotal = errors.Where(e => e.Reason.Contains("total uncompressed size")).Select(e => e.File).ToList();
        Assert.Equal(Enumerable.Range(7, 5).Select(i => $"Big/low-{i:D2}.jpg"), overTotal);
        Assert.Equal(7, errors.Count(e => e.File.StartsWith("Big/", StringComparison.Ordinal) && e.Reason.Contains("unsupported format")));
        await using var db = portal.Db();
        Assert.Equal(ImageOutcome.NoFace, (await db.Images.SingleAsync(i => i.GalleryId == gallery && i.OriginalName == "Good/ok.png")).Outcome);

        // A zip declaring more entries than allowed is refused before its directory is read.
        var many = ImportTestData.Zip(Enumerable.Range(0, ImportPortalFixture.MaxZipEntries + 1).Select(i => ($"A/{i}.png", Array.Empty<byte>())));
        var refused = await Api.WaitAsync(await Api.StartUploadAsync(gallery, many, "many.zip"));
        Assert.Equal("completed", refused.GetProperty("state").GetString());
        var only = Assert.Single(ImportApiClient.Errors(refused));
        Assert.Equal("many.zip", only.File);
        Assert.Contains("1,001 entries", only.Reason);
    }

    private static void AssertError(IReadOnlyList<(string File, string Reason)> errors, string file, string reason)
    {
        var found = errors.Where(e => e.File == file).ToList();
        Assert.True(found.Count == 1, $"expected one error for '{file}', got: {string.Join(" | ", errors.Select(e => $"{e.File}: {e.Reason}"))}");
        Assert.Contains(reason, found[0].Reason, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] JpegOf(byte[] png)
    {
        using var image = Image.Load(png);
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder());
        return stream.ToArray();
    }

    private static byte[] TiffOf(byte[] png)
    {
        using var image = Image.Load(png);
        using var stream = new MemoryStream();
        image.Save(stream, new TiffEncoder());
        return stream.ToArray();
    }

    // Random 'a'/'b' bytes: about one bit per byte, so deflate gets ~8:1.
    private static byte[] LowEntropy(int seed, int length)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = random.Next(2) == 0 ? (byte)'a' : (byte)'b';
        }
        return bytes;
    }
}
