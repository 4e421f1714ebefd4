using System.Diagnostics;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static FacePortal.Tests.Web.Features.Galleries.Analysis.AnalysisGalleries;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>The gallery analysis on real faces: an LFW slice described by the real engine, with two labelling mistakes planted.</summary>
[Collection(EngineCollection.Name)]
public class LfwDefectsTests(EngineFixture engine, ITestOutputHelper output)
{
    private static string Lfw(string person, int n) => Path.Combine(RepoPaths.Lfw, "images", person, $"{person}_{n:0000}.jpg");

    [LfwImagesFact]
    public async Task Analyse_PowellAndChavezUnderOneName_BlairUnderTwo_BothFoundAndFixed()
    {
        await using var data = await CreateAsync();
        var gallery = await data.AddGalleryAsync("lfw defects");
        var powell = await data.AddIdentityAsync(gallery, "Colin_Powell");
        var blair = await data.AddIdentityAsync(gallery, "Tony_Blair");
        var alias = await data.AddIdentityAsync(gallery, "T. Blair");
        var bush = await data.AddIdentityAsync(gallery, "George_W_Bush");
        var powellImages = new List<int>();
        var chavezImages = new List<int>();
        for (var n = 1; n <= 3; n++)
        {
            powellImages.Add((await data.AddAnalyzedImageAsync(engine.Engine, powell, Lfw("Colin_Powell", n))).Id);
            // Hugo Chavez filed under Colin Powell: two people under one name.
            chavezImages.Add((await data.AddAnalyzedImageAsync(engine.Engine, powell, Lfw("Hugo_Chavez", n))).Id);
            await data.AddAnalyzedImageAsync(engine.Engine, blair, Lfw("Tony_Blair", n));
            await data.AddAnalyzedImageAsync(engine.Engine, bush, Lfw("George_W_Bush", n));
        }
        // More of Tony Blair under a second name: one person under two names.
        for (var n = 4; n <= 5; n++)
        {
            await data.AddAnalyzedImageAsync(engine.Engine, alias, Lfw("Tony_Blair", n));
        }
        await using (var db = data.CreateDbContext())
        {
            var model = (await FaceDescriptors.MostCommonModelAsync(db, gallery, null, None))!;
            var clock = Stopwatch.StartNew();
            Assert.True(await data.Analysis().ComputeAsync(gallery, model, null, null, None));
            output.WriteLine($"analysis of {await db.Images.CountAsync(i => i.GalleryId == gallery)} LFW images: {clock.Elapsed.TotalMilliseconds:F0} ms");
        }

        var clockPage = Stopwatch.StartNew();
        var report = (await data.Stored().DefectsAsync(gallery, None))!;
        output.WriteLine($"defects page data: {clockPage.Elapsed.TotalMilliseconds:F0} ms; threshold {report.Status.Threshold:F3}");

        var mixed = Assert.Single(report.Mixed, m => m.IdentityId == powell);
        var groups = mixed.Groups.Select(g => g.Select(i => i.ImageId).ToHashSet()).ToList();
        Assert.Contains(groups, g => g.SetEquals(powellImages));
        Assert.Contains(groups, g => g.SetEquals(chavezImages));
        var names = Assert.Single(report.DuplicateNames, d => new[] { d.SourceId, d.TargetId }.Order().SequenceEqual(new[] { blair, alias }.Order()));
        Assert.Equal((alias, blair), (names.SourceId, names.TargetId));
        Assert.DoesNotContain(report.Mixed, m => m.IdentityId != powell);
        // Other pairs of real people may also come closer than the threshold (centroids of a few faces): listed, not asserted.
        foreach (var d in report.DuplicateNames)
        {
            output.WriteLine($"duplicate name: {d.SourceName} / {d.TargetName} centroids {d.CentroidDistance:F3}");
        }
        // The planted one is the surest (closest centroids).
        Assert.Equal(names.Key, report.DuplicateNames[0].Key);

        await data.Fixes().SplitAsync(mixed, TestUsers.Operator, None);
        await data.Fixes().MergeAsync(names, TestUsers.Operator, None);

        var after = (await data.Stored().DefectsAsync(gallery, None))!;
        Assert.Empty(after.Mixed);
        Assert.DoesNotContain(after.DuplicateNames, d => d.Key == names.Key);
        Assert.True(after.Status.Stale);
    }
}
