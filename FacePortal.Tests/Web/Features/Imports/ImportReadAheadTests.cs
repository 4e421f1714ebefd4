using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
}
