using System.Diagnostics;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Xunit.Abstractions;
using static FacePortal.Tests.Web.Features.Galleries.Analysis.AnalysisGalleries;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>
/// The gallery analysis on a real LFW slice (the first 40 people with at least 6 images, 6 each, described by the
/// real engine; every 8th person's last image filed under the next person): the job's time, the pages' data loads
/// from the stored result, and the all-pairs searches the pages ran on each click before, on the same gallery.
/// </summary>
[Trait("Category", "Benchmark")]
[Collection(EngineCollection.Name)]
public class LfwAnalysisBenchmarks(EngineFixture engine, ITestOutputHelper output)
{
    // A benchmark by its class's trait; skipped, saying so, without the LFW images.
    [LfwImagesFact]
    public async Task Analyse_LfwSlice_JobTimePageLoadsAndFindings()
    {
        var people = Directory.GetDirectories(Path.Combine(RepoPaths.Lfw, "images")).Order(StringComparer.Ordinal)
            .Where(d => Directory.GetFiles(d, "*.jpg").Length >= 6).Take(40).ToList();
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("lfw slice");
        var ids = new List<int>();
        foreach (var person in people)
        {
            ids.Add(await data.AddIdentityAsync(gallery, Path.GetFileName(person)));
        }
        var planted = new List<int>();
        for (var p = 0; p < people.Count; p++)
        {
            var files = Directory.GetFiles(people[p], "*.jpg").Order(StringComparer.Ordinal).Take(6).ToList();
            for (var f = 0; f < files.Count; f++)
            {
                var misfiled = p % 8 == 0 && f == files.Count - 1;
                var image = await data.AddAnalyzedImageAsync(engine.Engine, ids[misfiled ? p + 1 : p], files[f]);
                if (misfiled)
                {
                    planted.Add(image.Id);
                }
            }
        }
        await using var db = data.CreateDbContext();
        var model = (await FaceDescriptors.MostCommonModelAsync(db, gallery, null, None))!;

        var clock = Stopwatch.StartNew();
        Assert.True(await data.Analysis().ComputeAsync(gallery, model, null, null, None));
        output.WriteLine($"analysis job: {(await data.Analysis().StatusAsync(gallery, None))!.Faces} faces, {clock.Elapsed.TotalMilliseconds:F0} ms");

        clock.Restart();
        var (_, pairs) = await data.Stored().DuplicatesAsync(gallery, data.Stored().Options.NearDuplicateDistance, None);
        var duplicates = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var (_, suspects) = await data.Stored().MislabelsAsync(gallery, None);
        var mislabels = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var report = (await data.Stored().DefectsAsync(gallery, None))!;
        output.WriteLine($"pages from the stored result: duplicates {duplicates:F0} ms, mislabels {mislabels:F0} ms, defects {clock.Elapsed.TotalMilliseconds:F0} ms");

        clock.Restart();
        await data.Curation.FindDuplicatesAsync(gallery, None);
        await data.Curation.FindMislabelsAsync(gallery, None);
        output.WriteLine($"the all-pairs searches a click ran before: {clock.Elapsed.TotalMilliseconds:F0} ms");

        output.WriteLine($"found: {pairs!.Count} duplicate pairs, {suspects!.Count} suspects ({suspects.Count(s => planted.Contains(s.ImageId))} of {planted.Count} planted), " +
            $"zoo {report.Zoo.Count}, mixed {report.Mixed.Count}, duplicate names {report.DuplicateNames.Count}, same photo {report.SamePhoto.Count}, harmful {report.Harmful.Count}");
        Assert.True(suspects.Count(s => planted.Contains(s.ImageId)) >= planted.Count - 1, "the planted mislabels are found");
    }
}
