using FacePortal.Engine.Evaluation;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// The figures of a robustness evaluation. An attack's success rate counts, among the pairs of its goal that the setting
/// decided correctly before the attack, those it decides wrongly after (Wilson 95% intervals); accuracy under attack counts
/// every pair of the goal. Defences and transfer models decide with their own clean references.
/// </summary>
public sealed record RobustnessSummary
{
    public double Threshold { get; init; }
    public int Pairs { get; init; }
    public int Genuine { get; init; }
    public int Impostors { get; init; }
    public int Skipped { get; init; }
    public double CleanChipAccuracy { get; init; }
    public double? CleanImageAccuracy { get; init; }
    public IReadOnlyList<AttackCell> Cells { get; init; } = [];
    public IReadOnlyList<AccuracyPoint> Accuracy { get; init; } = [];
    public IReadOnlyList<DefenceRow> Defences { get; init; } = [];
    public IReadOnlyList<TransferCell> Transfer { get; init; } = [];
    /// <summary>Why there is no transfer table (only face-api is configured), or null.</summary>
    public string? TransferNote { get; init; }
    public IReadOnlyList<AttackTiming> Timings { get; init; } = [];

    public static RobustnessSummary From(IReadOnlyList<PairRobustnessOutcome> outcomes, RobustnessSettings settings, IReadOnlyList<TransferModelInfo> transfers)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(transfers);
        var t = settings.Threshold;
        var used = outcomes.Where(o => o.Skipped is null).ToList();
        bool Match(double? d, double threshold) => d is { } v && v <= threshold;
        bool Right(PairRobustnessOutcome o, double? d, double threshold) => Match(d, threshold) == o.Same;
        var imageSetting = used.Any(o => o.ImageDistance is not null);

        var cells = new List<AttackCell>();
        var accuracy = new List<AccuracyPoint>();
        var timings = new List<AttackTiming>();
        foreach (var method in settings.Attacks)
        {
            accuracy.Add(new AccuracyPoint(method, 0, Share(used, o => Right(o, o.ChipDistance, t)), imageSetting ? Share(used, o => Right(o, o.ImageDistance, t)) : null));
            foreach (var budget in settings.Budgets)
            {
                AttackRunOutcome? Run(PairRobustnessOutcome o) => o.Attacks.FirstOrDefault(r => r.Method == method && r.Budget == budget);
                var runs = used.Select(o => (o, r: Run(o))).Where(x => x.r is not null).Select(x => (x.o, r: x.r!)).ToList();
                foreach (var goal in settings.Goals)
                {
                    var same = goal == AttackGoal.Dodging;
                    var mine = runs.Where(x => x.o.Same == same).ToList();
                    var chipBase = mine.Where(x => Right(x.o, x.o.ChipDistance, t)).ToList();
                    var imageBase = mine.Where(x => Right(x.o, x.o.ImageDistance, t)).ToList();
                    cells.Add(new AttackCell(method, budget, goal,
                        RateInterval.Wilson(chipBase.Count(x => !Right(x.o, x.r.ChipDistance, t)), chipBase.Count),
                        imageSetting ? RateInterval.Wilson(imageBase.Count(x => !Right(x.o, x.r.ImageDistance, t)), imageBase.Count) : null,
                        Share(mine, x => Right(x.o, x.r.ChipDistance, t)),
                        imageSetting ? Share(mine, x => Right(x.o, x.r.ImageDistance, t)) : null));
                }
                accuracy.Add(new AccuracyPoint(method, budget, Share(runs, x => Right(x.o, x.r.ChipDistance, t)),
                    imageSetting ? Share(runs, x => Right(x.o, x.r.ImageDistance, t)) : null));
                timings.Add(new AttackTiming(method, budget, runs.Count, runs.Count == 0 ? 0 : runs.Average(x => x.r.Seconds), runs.Count == 0 ? 0 : runs.Average(x => x.r.Iterations)));
            }
        }

        var clean = Share(used, o => Right(o, o.ChipDistance, t));
        var defences = settings.Defences.Select(defence =>
        {
            var key = defence.ToString();
            double? D(Dictionary<string, double> d) => d.TryGetValue(key, out var v) ? v : null;
            var cleanAccuracy = Share(used, o => Right(o, D(o.Defences), t));
            var rows = new List<DefenceCell>();
            foreach (var method in settings.Attacks)
            {
                foreach (var budget in settings.Budgets)
                {
                    foreach (var goal in settings.Goals)
                    {
                        var basis = used.Where(o => o.Same == (goal == AttackGoal.Dodging) && Right(o, D(o.Defences), t))
                            .Select(o => (o, r: o.Attacks.FirstOrDefault(r => r.Method == method && r.Budget == budget))).Where(x => x.r is not null).ToList();
                        rows.Add(new DefenceCell(method, budget, goal, RateInterval.Wilson(basis.Count(x => !Right(x.o, D(x.r!.Defences), t)), basis.Count)));
                    }
                }
            }
            var adaptive = new List<DefenceCell>();
            if (settings.AdaptiveDefences)
            {
                foreach (var budget in settings.Budgets)
                {
                    foreach (var goal in settings.Goals)
                    {
                        var basis = used.Where(o => o.Same == (goal == AttackGoal.Dodging) && Right(o, D(o.Defences), t))
                            .Select(o => (o, r: o.Attacks.FirstOrDefault(r => r.Method == settings.AdaptiveMethod && r.Budget == budget && r.Adaptive.ContainsKey(key))))
                            .Where(x => x.r is not null).ToList();
                        adaptive.Add(new DefenceCell(settings.AdaptiveMethod, budget, goal, RateInterval.Wilson(basis.Count(x => !Right(x.o, D(x.r!.Adaptive), t)), basis.Count)));
                    }
                }
            }
            return new DefenceRow(defence, cleanAccuracy, cleanAccuracy - clean, rows) { Adaptive = adaptive };
        }).ToList();

        var transfer = new List<TransferCell>();
        foreach (var model in transfers)
        {
            foreach (var method in settings.Attacks)
            {
                foreach (var budget in settings.Budgets)
                {
                    foreach (var goal in settings.Goals)
                    {
                        var basis = used.Where(o => o.Same == (goal == AttackGoal.Dodging) && Right(o, o.Transfer.GetValueOrDefault(model.Name), model.Threshold))
                            .Select(o => (o, r: o.Attacks.FirstOrDefault(r => r.Method == method && r.Budget == budget))).Where(x => x.r is not null).ToList();
                        transfer.Add(new TransferCell(model.Name, method, budget, goal,
                            RateInterval.Wilson(basis.Count(x => !Right(x.o, x.r!.Transfer.GetValueOrDefault(model.Name), model.Threshold)), basis.Count)));
                    }
                }
            }
        }

        return new RobustnessSummary
        {
            Threshold = t,
            Pairs = outcomes.Count,
            Genuine = used.Count(o => o.Same),
            Impostors = used.Count(o => !o.Same),
            Skipped = outcomes.Count - used.Count,
            CleanChipAccuracy = clean,
            CleanImageAccuracy = imageSetting ? Share(used, o => Right(o, o.ImageDistance, t)) : null,
            Cells = cells,
            Accuracy = accuracy,
            Defences = defences,
            Transfer = transfer,
            TransferNote = transfers.Count == 0 ? "Only face-api is configured: no other catalogue model to transfer the adversarial photos to." : null,
            Timings = timings,
        };
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> right) => items.Count == 0 ? 0 : items.Count(right) / (double)items.Count;
}

/// <summary>Success rate of one attack at one budget for one goal: on the chip, and on the whole photo through the pipeline.</summary>
public sealed record AttackCell(AttackMethod Method, double Budget, AttackGoal Goal, RateInterval Chip, RateInterval? Image, double ChipAccuracy, double? ImageAccuracy);

/// <summary>Accuracy over the attacked pairs (both goals) after an attack at a budget; budget 0 = clean.</summary>
public sealed record AccuracyPoint(AttackMethod Method, double Budget, double Chip, double? Image);

public sealed record DefenceRow(InputDefence Defence, double CleanAccuracy, double CleanAccuracyChange, IReadOnlyList<DefenceCell> Cells)
{
    /// <summary>Success of the adaptive attack on this defence per budget and goal; empty when none was asked for.</summary>
    public IReadOnlyList<DefenceCell> Adaptive { get; init; } = [];
}

public sealed record DefenceCell(AttackMethod Method, double Budget, AttackGoal Goal, RateInterval Rate);

public sealed record TransferCell(string Model, AttackMethod Method, double Budget, AttackGoal Goal, RateInterval Rate);

public sealed record AttackTiming(AttackMethod Method, double Budget, int Runs, double MeanSeconds, double MeanIterations);

/// <summary>A transfer model as the summary needs it: its name and its own threshold.</summary>
public sealed record TransferModelInfo(string Name, double Threshold);
