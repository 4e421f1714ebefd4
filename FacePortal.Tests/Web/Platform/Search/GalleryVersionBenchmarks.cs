using System.Diagnostics;
using System.Globalization;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Platform.Search;

/// <summary>
/// The per-query version check of 1:N search, at BENCH_ROWS rows (default 100000; one gallery, ten images per
/// identity, one descriptor each): the change token read before content versions (counts and maxima over the
/// gallery's images, identities, activity and descriptors) against <see cref="GalleryVersion.ReadAsync"/> (two
/// primary-key reads), and the embedded index's whole check (<see cref="GalleryIndexCache.ChangeTokenAsync"/>).
/// Printed as "BENCH ..." lines (p50/p95 ms over BENCH_QUERIES reads, default 200), not asserted.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class GalleryVersionBenchmarks(ITestOutputHelper output)
{
    private const string Signature = "bench";

    [BenchmarkFact]
    public async Task VersionRead_CountingTokenVsPrimaryKey()
    {
        var queries = Env("BENCH_QUERIES", 200);
        foreach (var rows in (Environment.GetEnvironmentVariable("BENCH_ROWS") ?? "100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
        {
            await using var database = await PortalTestDatabase.CreateAsync();
            var gallery = await SeedAsync(database, rows);
            using var cache = new GalleryIndexCache(database, Microsoft.Extensions.Options.Options.Create(new IdentificationOptions()), NullLogger<GalleryIndexCache>.Instance);
            await TimeAsync($"rows={rows} version counting_token(before)", queries, async () =>
            {
                await using var db = database.CreateDbContext();
                return await CountingTokenAsync(db, gallery) + ":" + await FaceDescriptors.CountAsync(db, gallery, Signature, CancellationToken.None);
            });
            await TimeAsync($"rows={rows} version primary_key(after)", queries, async () =>
            {
                await using var db = database.CreateDbContext();
                return (await GalleryVersion.ReadAsync(db, gallery, Signature, CancellationToken.None))!.Token;
            });
            // The queries alone, on one open connection (the test database does not pool connections, so the lines
            // above include opening one per read).
            await using (var open = database.CreateDbContext())
            {
                await open.Database.OpenConnectionAsync();
                await TimeAsync($"rows={rows} version counting_token(before) one_connection", queries,
                    async () => await CountingTokenAsync(open, gallery) + ":" + await FaceDescriptors.CountAsync(open, gallery, Signature, CancellationToken.None));
                await TimeAsync($"rows={rows} version primary_key(after) one_connection", queries,
                    async () => (await GalleryVersion.ReadAsync(open, gallery, Signature, CancellationToken.None))!.Token);
            }
            await TimeAsync($"rows={rows} version index_cache_check(after)", queries,
                async () => (await cache.ChangeTokenAsync(gallery, Signature, CancellationToken.None))!);
        }
    }

    // The token main read per query before content versions (GalleryVersion.ReadAsync, then the descriptor count the
    // embedded index added): kept here as the baseline.
    private static async Task<string> CountingTokenAsync(PortalDbContext db, int galleryId)
    {
        var gallery = await db.Galleries.AsNoTracking().Where(g => g.Id == galleryId).Select(g => new
        {
            Images = g.Images.Count(),
            LastImage = g.Images.Max(i => (int?)i.Id),
            Identities = g.Identities.Count(),
        }).FirstAsync();
        var activity = await db.Activity.AsNoTracking().Where(a => a.GalleryId == galleryId).MaxAsync(a => (long?)a.Id);
        return $"{gallery.Images}:{gallery.LastImage}:{gallery.Identities}:{activity}";
    }

    private async Task TimeAsync(string label, int queries, Func<Task<string>> read)
    {
        for (var i = 0; i < 5; i++)
        {
            await read();
        }
        var times = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await read();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"BENCH {label} p50_ms={times[queries / 2]:F3} p95_ms={times[(int)(queries * 0.95)]:F3} reads={queries}"));
    }

    private static Task<int> SeedAsync(PortalTestDatabase database, int rows)
    {
        var random = new Random(rows);
        return BenchGallerySeed.SeedAsync(database, rows, Signature, _ => [.. Enumerable.Range(0, 128).Select(_ => (float)random.NextDouble())]);
    }

    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
