using TorchSharp;
using static TorchSharp.torch;

namespace FacePortal.Engine.Robustness;

/// <summary>One attack of a batch: the chip, its reference and the attack's own options.</summary>
public sealed record AttackRequest(float[] Chip, float[] Reference, AttackOptions Options);

public sealed partial class FaceAttack
{
    /// <summary>How many chips one forward and backward pass carries (bounds the memory of the autograd graph).</summary>
    public const int MaxBatch = 16;

    /// <summary>
    /// The attacks of <see cref="Run"/>, several at once: each request keeps its own method, goal, budget, step, iterations,
    /// momentum, threshold and random start, and gets the result <see cref="Run"/> would give it (to float rounding of the
    /// batched convolutions), in order. The chips go through the net as NHWC batches of up to <see cref="MaxBatch"/>, which
    /// uses far more of a CPU convolution's throughput than one chip at a time; requests that adapt to a defence are
    /// batched with those adapting to the same one.
    /// </summary>
    public IReadOnlyList<AttackResult> RunBatch(IReadOnlyList<AttackRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var r in requests)
        {
            ArgumentNullException.ThrowIfNull(r);
            Check(r.Chip, r.Reference, r.Options);
        }
        var results = new AttackResult[requests.Count];
        foreach (var group in Enumerable.Range(0, requests.Count).GroupBy(i => requests[i].Options.AdaptTo))
        {
            foreach (var chunk in group.Chunk(MaxBatch))
            {
                var done = RunGroup([.. chunk.Select(i => requests[i])], group.Key, cancellationToken);
                for (var k = 0; k < chunk.Length; k++)
                {
                    results[chunk[k]] = done[k];
                }
            }
        }
        return results;
    }

    private AttackResult[] RunGroup(AttackRequest[] requests, InputDefence? defence, CancellationToken cancellationToken)
    {
        var n = requests.Length;
        var per = net.InputSize * net.InputSize * 3;
        var length = net.DescriptorLength;
        using var scope = NewDisposeScope();
        var chips = new float[n * per];
        var references = new float[n * length];
        for (var s = 0; s < n; s++)
        {
            requests[s].Chip.CopyTo(chips, s * per);
            requests[s].Reference.CopyTo(references, s * length);
        }
        var x0 = net.Input(chips, n);
        var target = torch.tensor(references, [n, length]).to_type(net.DType);
        var o = requests.Select(r => r.Options).ToArray();
        var fgsm = o.Select(x => x.Method == AttackMethod.Fgsm).ToArray();
        // Per sample, as Run has them: dodging climbs the distance, impersonation descends it; FGSM steps the whole budget once.
        var eps = Column(o.Select(x => x.EpsilonLevels));
        var signedStep = Column(o.Select((x, s) => (x.Goal == AttackGoal.Dodging ? 1.0 : -1.0) * (fgsm[s] ? x.EpsilonLevels : x.StepLevels)));
        var momentumFactor = Column(o.Select(x => x.Momentum));
        var iterations = o.Select((x, s) => fgsm[s] ? 1 : x.Iterations).ToArray();

        var before = Distances(x0, target, defence);
        // PGD's random start, each sample from its own seed as Run draws it.
        var x = torch.cat(Enumerable.Range(0, n).Select(s =>
        {
            var own = x0.narrow(0, s, 1);
            return o[s].RandomStart && !fgsm[s] && o[s].EpsilonLevels > 0
                ? (own + net.Input(Uniform(per, o[s].EpsilonLevels, o[s].Seed))).clamp(0, 255)
                : own.clone();
        }).ToList(), 0);
        var momentum = zeros_like(x0);
        var run = new int[n];
        var stopped = new bool[n];
        for (var i = 0; i < iterations.Max(); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var active = Enumerable.Range(0, n).Where(s => i < iterations[s] && !stopped[s]).ToArray();
            if (active.Length == 0)
            {
                break;
            }
            using var iter = NewDisposeScope();
            var index = torch.tensor(active.Select(s => (long)s).ToArray());
            var leaf = x.index_select(0, index).detach().requires_grad_(true);
            var descriptors = DefendedForward.Descriptor(net, leaf, defence);
            var rowTargets = target.index_select(0, index);
            // Run's check before each step, on the same forward pass: the exact (unsmoothed) distance.
            if (active.Any(s => o[s].StopOnSuccess))
            {
                var exact = TorchDistance.Rows(descriptors.detach(), rowTargets, net.Metric).to_type(ScalarType.Float64).data<double>().ToArray();
                for (var k = 0; k < active.Length; k++)
                {
                    stopped[active[k]] = o[active[k]].StopOnSuccess && Met(exact[k], o[active[k]]);
                }
            }
            // Rows are independent (no batch statistics), so the gradient of the sum is each row's own gradient.
            var total = TorchDistance.Rows(descriptors, rowTargets, net.Metric, smooth: true).sum();
            var grad = autograd.grad([total], [leaf])[0].detach();
            var keep = Enumerable.Range(0, active.Length).Where(k => !stopped[active[k]]).ToArray();
            if (keep.Length == 0)
            {
                break;
            }
            var stepping = keep.Select(k => active[k]).ToArray();
            var rows = torch.tensor(stepping.Select(s => (long)s).ToArray());
            if (keep.Length != active.Length)
            {
                grad = grad.index_select(0, torch.tensor(keep.Select(k => (long)k).ToArray()));
            }
            using (no_grad())
            {
                var mi = stepping.Select(s => o[s].Method == AttackMethod.MiFgsm).ToArray();
                if (mi.Any(m => m))
                {
                    // MI-FGSM: momentum of each sample's own L1-normalised gradient; PGD and FGSM rows keep the raw gradient.
                    var l1 = grad.abs().sum([1, 2, 3], keepdim: true).clamp_min(1e-12);
                    var m = momentum.index_select(0, rows).mul_(momentumFactor.index_select(0, rows)).add_(grad / l1);
                    momentum.index_copy_(0, rows, m);
                    var isMi = torch.tensor(mi).reshape(-1, 1, 1, 1);
                    grad = torch.where(isMi, m, grad);
                }
                var xs = x.index_select(0, rows);
                var origin = x0.index_select(0, rows);
                var budget = eps.index_select(0, rows);
                var next = xs + grad.sign() * signedStep.index_select(0, rows);
                next = torch.minimum(torch.maximum(next, origin - budget), origin + budget).clamp(0, 255);
                x.index_copy_(0, rows, next);
            }
            foreach (var s in stepping)
            {
                run[s]++;
            }
        }

        var after = Distances(x, target, defence);
        var adversarial = x.to_type(ScalarType.Float32).data<float>().ToArray();
        var maxDelta = (x - x0).abs().amax([1, 2, 3]).to_type(ScalarType.Float64).data<double>().ToArray();
        return [.. Enumerable.Range(0, n).Select(s =>
            new AttackResult(adversarial[(s * per)..((s + 1) * per)], before[s], after[s], Met(after[s], o[s]), run[s], maxDelta[s]))];
    }

    // A per-sample scalar as an [N,1,1,1] column in the net's dtype, to broadcast over NHWC.
    private Tensor Column(IEnumerable<double> values) =>
        torch.tensor(values.ToArray()).reshape(-1, 1, 1, 1).to_type(net.DType);

    private double[] Distances(Tensor x, Tensor target, InputDefence? defence)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return TorchDistance.Rows(DefendedForward.Descriptor(net, x, defence), target, net.Metric).to_type(ScalarType.Float64).data<double>().ToArray();
    }
}
