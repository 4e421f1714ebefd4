using System.Diagnostics;
using FacePortal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static FacePortal.Tests.Web.Features.Galleries.Analysis.AnalysisGalleries;

namespace FacePortal.Tests.Web.Features.Galleries.Analysis;

/// <summary>
/// The gallery-analysis job at 100k faces and the pages' data loads over its stored result. Synthetic descriptors
/// (<see cref="RandomDescriptors.Clustered"/>: 5,000 identities of 20 128-d faces, face-api-like distances) written
/// straight into a real SQLite database, with planted findings: every 5th identity has a face of its neighbour filed
/// under it (mislabels, false matches), every 10th a near copy of one of its faces (near duplicates).
/// </summary>
[Trait("Category", "Benchmark")]
public class GalleryAnalysisBenchmarks(ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Analyse_100kFaces_JobTimeAndPageLoads()
    {
        const int identities = 5_000, each = 20;
        var (vectors, _) = RandomDescriptors.Clustered(identities, each, 128, seed: 13);
        float[] Descriptor(int p, int i) => (p % 5, i, p % 10) switch
        {
            (0, 19, _) => vectors[((p + 1) % identities * each) + 3],
            (_, 18, 0) => [.. vectors[(p * each) + 17].Select((v, k) => v + (k == 0 ? 0.01f : 0))],
            _ => vectors[(p * each) + i],
        };
        await using var data = await CreateAsync();
        var seed = Stopwatch.StartNew();
        var gallery = await data.SeedGalleryAsync("bench", [.. Enumerable.Repeat(each, identities)], Descriptor);
        output.WriteLine($"seeded {identities * each:N0} faces in {seed.Elapsed.TotalSeconds:F1} s");

        var clock = Stopwatch.StartNew();
        Assert.True(await data.ComputeAsync(gallery));
        var job = clock.Elapsed;
        var status = (await data.Analysis().StatusAsync(gallery, None))!;
        output.WriteLine($"analysis: {status.Faces:N0} faces in {job.TotalSeconds:F1} s (approximate: {status.Approximate}, recall@10 {status.Recall:F4}, threshold {status.Threshold:F2})");

        await Timed("status alone (computed at, stale)", () => data.Analysis().StatusAsync(gallery, None));
        var (_, pairs) = await Timed("duplicates page", () => data.Stored().DuplicatesAsync(gallery, data.Stored().Options.NearDuplicateDistance, None));
        var (_, suspects) = await Timed("mislabels page", () => data.Stored().MislabelsAsync(gallery, None));
        // Where the mislabels page's time goes: its samples query (a per-identity window over every image), replicated here
        // for the listed identities, and the stored result's load.
        var listed = suspects!.SelectMany(s => new[] { s.IdentityId, s.OtherIdentityId }).Distinct().ToList();
        await Timed("mislabels page: its samples query alone", async () =>
        {
            await using var db = data.CreateDbContext();
            return await db.Identities.AsNoTracking().Where(i => listed.Contains(i.Id))
                .Select(i => new { i.Id, Hashes = i.Images.Where(m => !m.Excluded && m.PrimaryFaceIndex >= 0).OrderBy(m => m.Id).Select(m => new { m.Id, m.ContentHash }).Take(4).ToList() })
                .ToDictionaryAsync(i => i.Id, i => i.Hashes);
        });
        // What the page read before: every listed identity's name with its image count (the defects page still needs counts).
        await Timed("mislabels page: the identities with image counts it no longer reads", async () =>
        {
            await using var db = data.CreateDbContext();
            return await db.Identities.AsNoTracking().Where(i => listed.Contains(i.Id))
                .Select(i => new { i.Id, i.Name, Images = i.Images.Count(m => !m.Excluded) }).ToDictionaryAsync(i => i.Id);
        });
        await Timed("any list page: the stored result load alone", () => data.Analysis().LoadAsync(gallery, withResult: true, None));
        var report = await Timed("defects page", () => data.Stored().DefectsAsync(gallery, None));
        output.WriteLine($"load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
        output.WriteLine($"listed: {pairs!.Count:N0} duplicate pairs, {suspects!.Count:N0} suspects, defects: zoo {report!.Zoo.Count}, mixed {report.Mixed.Count}, " +
            $"duplicate names {report.DuplicateNames.Count}, same photo {report.SamePhoto.Count}, harmful {report.Harmful.Count}");
        Assert.True(pairs.Count >= 400, "the planted near copies are found");
        Assert.True(suspects.Count >= 900, "the planted mislabels are found");
    }

    private async Task<T> Timed<T>(string what, Func<Task<T>> load)
    {
        var times = new List<double>();
        T result = default!;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            result = await load();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"{what}: median {times.Order().ElementAt(1):F0} ms ({string.Join(", ", times.Select(t => t.ToString("F0")))})");
        return result;
    }
}
