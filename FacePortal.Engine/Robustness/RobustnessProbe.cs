using System.Diagnostics;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Recognition;
using TorchSharp;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// Attacks one pair every way the settings ask: image A's chip is perturbed (white-box, on the Torch net) towards the
/// goal against image B's descriptor, then scored on the chip, after each defence, and as a whole photo through the
/// full pipeline and the transfer models. <paramref name="pipeline"/> is the attacked model's (the net's twin in ONNX):
/// face-api's with <see cref="FaceRecognitionTorchNet"/>, a catalogue model's with its <see cref="OnnxTorchNet"/>.
/// Distances are in the model's own metric.
/// </summary>
public sealed class RobustnessProbe(IRecognitionTorchNet net, FacePipeline pipeline, IReadOnlyList<TransferModel> transfers, RobustnessSettings settings)
{
    private readonly int _size = net.InputSize;
    private readonly FaceAttack _attack = new(net);
    private readonly FivePointAligner? _fivePoint = pipeline.Model.FivePointTemplate() is { } template
        ? new FivePointAligner(pipeline.Model.Width, pipeline.Model.Height, template)
        : null;

    /// <summary>
    /// Whether the photo setting is possible: the dlib chip and the five-point (ArcFace) chip are similarities of the
    /// photo, so they can be inverted; face-api's crop is not measured.
    /// </summary>
    public bool ImageSetting => _fivePoint is not null || pipeline.Options.Alignment == AlignmentMethod.DlibChip;

    public (PairRobustnessOutcome Outcome, RobustnessExample? Example) Run(int pairId, bool same, RgbImage a, RgbImage b, bool keepExample, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var goal = same ? AttackGoal.Dodging : AttackGoal.Impersonation;
        var faces = pipeline.Analyze([a, b], FaceSelection.Primary, ct);
        if (faces[0].Primary is not { Landmarks: { } la, Descriptor: { } wa } || faces[1].Primary is not { Landmarks: { } lb, Descriptor: { } wb })
        {
            var which = faces[0].Primary?.Descriptor is null ? "A" : "B";
            return (new PairRobustnessOutcome { PairId = pairId, Same = same, Skipped = $"no usable face in image {which}" }, null);
        }
        var chipA = pipeline.Align(a, la);
        var chipB = pipeline.Align(b, lb);
        var refB = Describe(chipB);
        var defenceRefs = settings.Defences.ToDictionary(d => d, d => DescribeDefended(d, chipB));
        var transferRefs = transfers.Select(t => (t, Ref: Primary(t.Pipeline, b, ct), Clean: Primary(t.Pipeline, a, ct))).ToList();
        var chipToImage = !ImageSetting ? (Affine2D?)null
            : _fivePoint is { } five ? five.ImageToChip(la.Points).Inverse()
            : new FaceChipAligner(_size, pipeline.Model.ChipPadding ?? pipeline.Options.ChipPadding).Locate(la.Points).ChipToImage;

        var outcome = new PairRobustnessOutcome
        {
            PairId = pairId,
            Same = same,
            ChipDistance = Distance(Describe(chipA), refB),
            ImageDistance = ImageSetting ? DescriptorMath.Distance(wa, wb, pipeline.Model.Metric) : null,
            Defences = defenceRefs.ToDictionary(d => d.Key.ToString(), d => Distance(DescribeDefended(d.Key, chipA), d.Value)),
            Transfer = transferRefs.ToDictionary(t => t.t.Name, t => TransferDistance(t.t, t.Clean, t.Ref)),
        };
        RobustnessExample? example = null;
        // The example shows the strongest attack asked for (PGD when there is one) at the largest budget.
        var exampleMethod = settings.Attacks.Contains(AttackMethod.Pgd) ? AttackMethod.Pgd : settings.Attacks[0];
        // Every attack of the pair at once (one batch through the net), and every adaptive one after it.
        var runs = settings.Attacks.SelectMany(method => settings.Budgets.Select(budget => (Method: method, Budget: budget))).ToList();
        var clock = Stopwatch.StartNew();
        var results = _attack.RunBatch([.. runs.Select(r => new AttackRequest(chipA, refB, settings.For(r.Method, r.Budget, goal)))], ct);
        var seconds = clock.Elapsed.TotalSeconds / runs.Count;
        var adaptive = settings.AdaptiveDefences
            ? AdaptiveBatch(chipA, runs.Where(r => r.Method == settings.AdaptiveMethod).Select(r => r.Budget), defenceRefs, goal, ct)
            : [];
        for (var run = 0; run < runs.Count; run++)
        {
            var (method, budget) = runs[run];
            var result = results[run];
            ct.ThrowIfCancellationRequested();
            var adv = result.Adversarial;
            double? imageDistance = null;
            var maxDelta = 0;
            var transfer = new Dictionary<string, double?>();
            if (chipToImage is { } map)
            {
                var delta = new float[adv.Length];
                for (var i = 0; i < delta.Length; i++)
                {
                    delta[i] = adv[i] - chipA[i];
                }
                (var photo, maxDelta) = ChipPerturbationMapper.Apply(a, map, delta, _size, budget);
                imageDistance = pipeline.Analyze([photo], FaceSelection.Primary, ct)[0].Primary?.Descriptor is { } d ? DescriptorMath.Distance(d, wb, pipeline.Model.Metric) : null;
                foreach (var (t, reference, _) in transferRefs)
                {
                    transfer[t.Name] = TransferDistance(t, Primary(t.Pipeline, photo, ct), reference);
                }
            }
            var defended = defenceRefs.ToDictionary(d => d.Key, d => Distance(DescribeDefended(d.Key, adv), d.Value));
            outcome.Attacks.Add(new AttackRunOutcome
            {
                Method = method,
                Budget = budget,
                ChipDistance = result.DistanceAfter,
                ImageDistance = imageDistance,
                ImageMaxDelta = maxDelta,
                Defences = defended.ToDictionary(d => d.Key.ToString(), d => d.Value),
                Transfer = transfer,
                Adaptive = settings.AdaptiveDefences && method == settings.AdaptiveMethod
                    ? defenceRefs.ToDictionary(d => d.Key.ToString(), d => Adaptive(adaptive[(budget, d.Key)], defended[d.Key], d.Key, d.Value, goal))
                    : [],
                Iterations = result.IterationsRun,
                Seconds = seconds,
            });
            if (keepExample && method == exampleMethod && budget == settings.Budgets.Max())
            {
                example = new RobustnessExample(pairId, same, method, budget, result.DistanceBefore, result.DistanceAfter,
                    PngFile.Encode(ToImage(chipA)), PngFile.Encode(Magnified(chipA, adv, budget)), PngFile.Encode(ToImage(adv)));
            }
        }
        return (outcome, example);
    }

    /// <summary>
    /// The defended distance an attacker who knows the defence reaches: the attack through the defence, or the unaware
    /// perturbation's defended distance <paramref name="unaware"/> when that does better (straight-through gradients of
    /// a coarse quantiser can stall where the unaware attack does not).
    /// </summary>
    private double Adaptive(AttackResult through, double unaware, InputDefence defence, float[] reference, AttackGoal goal)
    {
        var distance = Distance(DescribeDefended(defence, through.Adversarial), reference);
        return goal == AttackGoal.Dodging ? Math.Max(distance, unaware) : Math.Min(distance, unaware);
    }

    // The adaptive attacks of one pair (every budget, every defence, against the defended reference), batched per defence.
    private Dictionary<(double Budget, InputDefence Defence), AttackResult> AdaptiveBatch(
        float[] chip, IEnumerable<double> budgets, Dictionary<InputDefence, float[]> defenceRefs, AttackGoal goal, CancellationToken ct)
    {
        var keys = (from budget in budgets from d in defenceRefs.Keys select (Budget: budget, Defence: d)).ToList();
        var results = _attack.RunBatch([.. keys.Select(k =>
            new AttackRequest(chip, defenceRefs[k.Defence], settings.For(settings.AdaptiveMethod, k.Budget, goal) with { AdaptTo = k.Defence }))], ct);
        return keys.Select((k, i) => (k, r: results[i])).ToDictionary(x => x.k, x => x.r);
    }

    private static double? TransferDistance(TransferModel t, float[]? a, float[]? b) =>
        a is null || b is null ? null : DescriptorMath.Distance(a, b, t.Metric);

    private static float[]? Primary(FacePipeline p, RgbImage image, CancellationToken ct) =>
        p.Analyze([image], FaceSelection.Primary, ct)[0].Primary?.Descriptor;

    private float[] DescribeDefended(InputDefence defence, float[] chip)
    {
        if (defence != InputDefence.FlipAverage)
        {
            return Describe(InputDefences.Apply(defence, chip, _size));
        }
        var own = Describe(chip);
        var mirrored = Describe(InputDefences.Mirror(chip, _size));
        DescriptorMath.Average(own, mirrored, own);
        return own;
    }

    private float[] Describe(float[] chip)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        return net.Forward(net.Input(chip)).to_type(torch.ScalarType.Float32).data<float>().ToArray();
    }

    private double Distance(float[] x, float[] y) => DescriptorMath.Distance(x, y, net.Metric);

    private RgbImage ToImage(float[] chip) =>
        new(_size, _size, [.. chip.Select(v => (byte)Math.Clamp(MathF.Round(v), 0, 255))]);

    // The perturbation stretched to the full range so a 1-level change is visible: 128 + 127 * delta / budget.
    private RgbImage Magnified(float[] before, float[] after, double budget) =>
        new(_size, _size, [.. before.Zip(after, (x, y) => (byte)Math.Clamp(Math.Round(128 + 127 * (y - x) / budget), 0, 255))]);
}
