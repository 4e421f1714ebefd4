using System.Diagnostics;
using System.Globalization;
using System.Text;
using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Robustness;
using Xunit.Abstractions;

namespace FacePortal.Tests.Web.Robustness;

/// <summary>
/// The robustness table on a seeded sample of LFW's official pairs (pairs.txt, all ten folds): FGSM, PGD and MI-FGSM at
/// 1, 2, 4, 8 levels, both goals, chip and whole photo, the defences and the time per attack. Printed, not asserted.
/// FACEPORTAL_ROBUSTNESS_PAIRS sets the sample size (default 100),
/// FACEPORTAL_ROBUSTNESS_ITERATIONS the PGD and MI-FGSM iterations (default 10), FACEPORTAL_ROBUSTNESS_ATTACKS and
/// FACEPORTAL_ROBUSTNESS_BUDGETS comma-separated lists (default all three, 1,2,4,8), FACEPORTAL_ROBUSTNESS_ADAPTIVE=1
/// adds the adaptive attack on every defence.
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
        var set = await RobustnessTestRuns.ImportPairsAsync(db, gallery, g, i);
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_ITERATIONS"), CultureInfo.InvariantCulture, out var it) ? it : 10;
        var attacks = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_ATTACKS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var budgets = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_BUDGETS")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(b => double.Parse(b, CultureInfo.InvariantCulture)).ToList();
        var adaptive = Environment.GetEnvironmentVariable("FACEPORTAL_ROBUSTNESS_ADAPTIVE") == "1";
        var started = await RobustnessTestRuns.StartAsync(db, new StartRobustnessRequest(set, count, attacks, budgets, Iterations: iterations, AdaptiveDefences: adaptive));
        var clock = Stopwatch.StartNew();
        await RobustnessTestRuns.RunJobAsync(db, fixture.Host, started.JobId);
        var wall = clock.Elapsed.TotalSeconds;

        var run = (await RobustnessTestRuns.Service(db).GetAsync(started.Id, default))!;
        var s = run.Summary!;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"LFW pairs.txt, seeded sample (seed 1): {s.Genuine} genuine + {s.Impostors} impostor pairs attacked, {s.Skipped} skipped; threshold {run.ThresholdSource}; " +
            $"PGD/MI-FGSM {run.Settings.Attack.Iterations} iterations, step {run.Settings.Attack.StepFraction} x budget; {wall:F0} s in all ({Environment.ProcessorCount} cores)");
        text.AppendLine(CultureInfo.InvariantCulture, $"clean accuracy: chip {s.CleanChipAccuracy:P1}, whole photo {s.CleanImageAccuracy:P1}");
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
        text.AppendLine(s.TransferNote ?? string.Join("\n", s.Transfer.Select(t => $"transfer to {t.Model}: {t.Method} {t.Budget} {t.Goal}: {Rate(t.Rate)}")));
        output.WriteLine(text.ToString());
        Assert.Equal(count, s.Pairs);
    }

    private static string Rate(RateInterval r) =>
        string.Create(CultureInfo.InvariantCulture, $"{100 * r.Rate:0}% [{100 * r.Lower:0}, {100 * r.Upper:0}] ({r.Successes}/{r.Trials})");
}
