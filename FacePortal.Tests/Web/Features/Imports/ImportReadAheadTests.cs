using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports.Processing;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>The import reads and decodes the next batch while the engine runs this one: the same rows as one by one.</summary>
[Collection(ImportPortalCollection.Name)]
public class ImportReadAheadTests(ImportPortalFixture portal)
{
    [Fact]
    public async Task Import_SeveralBatchesReadAhead_StoresTheFacesTheEngineFindsAndDuplicatesAcrossBatches()
    {
        // Batches of 4 (the fixture's BatchSize): the second batch, read and decoded ahead while the first is analysed,
        // holds a copy of an image of the first batch and a file that is no image.
        var demo = Enumerable.Range(1, 6).Select(i => File.ReadAllBytes(Path.Combine(FaceApiPackage.Directory, "demo", $"sample{i}.jpg"))).ToList();
        var entries = demo.Select((bytes, i) => ($"A/sample{i + 1}.jpg", bytes))
            .Append(("Z/broken.jpg", "not an image"u8.ToArray()))
            .Append(("Z/copy-of-sample2.jpg", demo[1]))
            .ToList();
        var gallery = await portal.Api.CreateGalleryAsync("read-ahead-" + Guid.NewGuid().ToString("N")[..8]);

        var job = await portal.Api.WaitAsync(await portal.Api.StartUploadAsync(gallery, ImportTestData.Zip(entries), "demo.zip"));

        Assert.Equal("completed", job.GetProperty("state").GetString());
        await using var db = portal.Db();
        var images = await db.Images.Include(i => i.Faces).ThenInclude(f => f.Descriptors).Where(i => i.GalleryId == gallery).ToDictionaryAsync(i => i.OriginalName);
        Assert.Equal(8, images.Count);
        Assert.Equal(ImageOutcome.Unreadable, images["Z/broken.jpg"].Outcome);
        Assert.Equal(ImageOutcome.Duplicate, images["Z/copy-of-sample2.jpg"].Outcome);
        Assert.Contains("same content as A/sample2.jpg", images["Z/copy-of-sample2.jpg"].Error);
        Assert.Single(await db.JobErrors.Where(e => e.JobId == job.GetProperty("id").GetInt32()).ToListAsync());

        var engine = await portal.Factory.Services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None);
        for (var i = 0; i < demo.Count; i++)
        {
            var stored = images[$"A/sample{i + 1}.jpg"];
            var expected = engine.Pipeline.Analyze([engine.Decoder.Decode(demo[i], "x.jpg")], FaceSelection.All, CancellationToken.None)[0];
            Assert.Equal(expected.PrimaryIndex, stored.PrimaryFaceIndex);
            Assert.Equal(expected.Faces.Count, stored.Faces.Count);
            foreach (var face in stored.Faces)
            {
                var e = expected.Faces[face.Index];
                Assert.Equal(e.Detection.Box.X, face.X, 3);
                Assert.Equal(e.Detection.Box.Width, face.Width, 3);
                var vector = face.Descriptors.SingleOrDefault(d => d.Model == engine.Pipeline.Signature)?.Vector;
                Assert.Equal(e.Descriptor is null, vector is null);
                if (e.Descriptor is not null)
                {
                    Assert.True(e.Descriptor.Zip(vector!, (a, b) => Math.Abs(a - b)).Max() <= 1e-4, $"sample{i + 1} face {face.Index}: descriptor differs");
                }
            }
        }
    }

    [Fact]
    public async Task Import_BatchTooLargeToDecodeAhead_AnalysedInTurnWithItsDuplicatesAndTheNextBatchsCopies()
    {
        // Batches of 4: the first holds three 12 MB files (more than ImportBatchReader.ReadAheadDecodeBytes together), so
        // it is decoded and analysed in its turn, a few at a time; the second holds copies of its images.
        var noise1 = NoisePng(1);
        var noise2 = NoisePng(2);
        var face = File.ReadAllBytes(Path.Combine(FaceApiPackage.Directory, "demo", "sample1.jpg"));
        Assert.True(3L * noise1.Length > ImportBatchReader.ReadAheadDecodeBytes);
        byte[] broken = [.. new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, .. "not an image"u8.ToArray()];
        // A server folder (uploads are limited to 8 MB here), read in name order.
        var folder = Path.Combine(Path.GetTempPath(), "fp-large-" + Guid.NewGuid().ToString("N"));
        var files = new (string Name, byte[] Content)[]
        {
            ("L/a-noise-1.png", noise1), ("L/b-noise-2.png", noise2), ("L/c-copy-of-noise-1.png", noise1), ("L/d-broken.png", broken),
            ("M/a-face.jpg", face), ("M/b-copy-of-noise-2.png", noise2),
        };
        foreach (var (name, content) in files)
        {
            Directory.CreateDirectory(Path.Combine(folder, Path.GetDirectoryName(name)!));
            File.WriteAllBytes(Path.Combine(folder, name), content);
        }
        var gallery = await portal.Api.CreateGalleryAsync("large-" + Guid.NewGuid().ToString("N")[..8]);

        System.Text.Json.JsonElement job;
        try
        {
            job = await portal.Api.WaitAsync(await portal.Api.StartServerFolderAsync(gallery, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.Equal("completed", job.GetProperty("state").GetString());
        await using var db = portal.Db();
        var images = await db.Images.Include(i => i.Faces).ThenInclude(f => f.Descriptors).Where(i => i.GalleryId == gallery).ToDictionaryAsync(i => i.OriginalName);
        Assert.Equal(6, images.Count);
        Assert.All(new[] { "L/a-noise-1.png", "L/b-noise-2.png" }, n => Assert.DoesNotContain(images[n].Outcome, new[] { ImageOutcome.Duplicate, ImageOutcome.Unreadable }));
        Assert.Equal((2000, 2000), (images["L/a-noise-1.png"].Width, images["L/a-noise-1.png"].Height));
        Assert.Equal(ImageOutcome.Duplicate, images["L/c-copy-of-noise-1.png"].Outcome);
        Assert.Contains("same content as L/a-noise-1.png", images["L/c-copy-of-noise-1.png"].Error);
        Assert.Equal(ImageOutcome.Duplicate, images["M/b-copy-of-noise-2.png"].Outcome);
        Assert.Contains("same content as L/b-noise-2.png", images["M/b-copy-of-noise-2.png"].Error);
        Assert.Equal(ImageOutcome.Unreadable, images["L/d-broken.png"].Outcome);

        var engine = await portal.Factory.Services.GetRequiredService<FaceEngineHost>().GetAsync(CancellationToken.None);
        var expected = engine.Pipeline.Analyze([engine.Decoder.Decode(face, "x.jpg")], FaceSelection.All, CancellationToken.None)[0];
        var stored = images["M/a-face.jpg"];
        Assert.Equal(expected.Faces.Count, stored.Faces.Count);
        Assert.NotEmpty(stored.Faces);
        foreach (var f in stored.Faces)
        {
            var vector = f.Descriptors.Single(d => d.Model == engine.Pipeline.Signature).Vector;
            Assert.True(expected.Faces[f.Index].Descriptor!.Zip(vector, (a, b) => Math.Abs(a - b)).Max() <= 1e-4, $"face {f.Index}: descriptor differs");
        }
    }

    /// <summary>A 2000x2000 PNG of noise (about 12 MB: noise does not compress).</summary>
    private static byte[] NoisePng(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[2000 * 2000 * 3];
        random.NextBytes(pixels);
        using var image = Image.LoadPixelData<Rgb24>(pixels, 2000, 2000);
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder { CompressionLevel = PngCompressionLevel.BestSpeed });
        return stream.ToArray();
    }
}
