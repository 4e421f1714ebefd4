using TorchSharp;
using static TorchSharp.torch;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// FGSM, PGD and MI-FGSM against a Torch recognition net (face-api's, or any ONNX graph through <see cref="OnnxTorchNet"/>)
/// under an L-inf budget in pixel levels, on the distance the model's threshold is in.
/// </summary>
public sealed partial class FaceAttack(IRecognitionTorchNet net)
{
    /// <summary>Chip: NHWC, the net's size, RGB 0..255. Reference: for dodging the person's own descriptor, for impersonation the target's.</summary>
    public AttackResult Run(float[] chip, float[] reference, AttackOptions options, CancellationToken cancellationToken)
    {
        Check(chip, reference, options);

        using var scope = NewDisposeScope();
        var x0 = net.Input(chip);
        var target = torch.tensor(reference, [1, net.DescriptorLength]).to_type(net.DType);
        // Dodging climbs the distance, impersonation descends it.
        var sign = options.Goal == AttackGoal.Dodging ? 1.0 : -1.0;
        var eps = options.EpsilonLevels;
        var step = options.Method == AttackMethod.Fgsm ? eps : options.StepLevels;
        var iterations = options.Method == AttackMethod.Fgsm ? 1 : options.Iterations;

        var defence = options.AdaptTo;
        var before = Distance(x0, target, defence);
        // PGD's random start (Madry et al.): at the reference itself every distance gradient is zero.
        var x = options.RandomStart && options.Method != AttackMethod.Fgsm && eps > 0
            ? (x0 + net.Input(Uniform(chip.Length, eps, options.Seed))).clamp(0, 255)
            : x0.clone();
        var momentum = zeros_like(x0);
        var run = 0;
        for (var i = 0; i < iterations && !(options.StopOnSuccess && Met(Distance(x, target, defence), options)); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var iter = NewDisposeScope();
            var grad = Gradient(x, target, defence);
            if (options.Method == AttackMethod.MiFgsm)
            {
                var l1 = grad.abs().sum().clamp_min(1e-12);
                momentum.mul_(options.Momentum).add_(grad / l1);
                grad = momentum;
            }
            using (no_grad())
            {
                var next = x + grad.sign() * (sign * step);
                next = torch.minimum(torch.maximum(next, x0 - eps), x0 + eps).clamp(0, 255);
                x.copy_(next);
            }
            run++;
        }

        var after = Distance(x, target, defence);
        var adversarial = x.to_type(ScalarType.Float32).data<float>().ToArray();
        var maxDelta = (x - x0).abs().max().ToDouble();
        return new AttackResult(adversarial, before, after, Met(after, options), run, maxDelta);
    }

    /// <summary>d distance(net(defence(x)), target) / dx, same shape as x; <paramref name="defence"/> null is the bare network.</summary>
    public Tensor Gradient(Tensor x, Tensor target, InputDefence? defence = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var leaf = x.detach().requires_grad_(true);
        var d = TorchDistance.Between(DefendedForward.Descriptor(net, leaf, defence), target, net.Metric, smooth: true);
        return autograd.grad([d], [leaf])[0].detach().MoveToOuterDisposeScope();
    }

    private double Distance(Tensor x, Tensor target, InputDefence? defence)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return TorchDistance.Between(DefendedForward.Descriptor(net, x, defence), target, net.Metric).ToDouble();
    }

    private void Check(float[] chip, float[] reference, AttackOptions options)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var size = net.InputSize;
        if (chip.Length != size * size * 3)
        {
            throw new ArgumentException($"A chip of {net.Name} has {size * size * 3} values ({size}x{size}x3); got {chip.Length}.", nameof(chip));
        }
        if (reference.Length != net.DescriptorLength)
        {
            throw new ArgumentException($"A descriptor of {net.Name} has {net.DescriptorLength} values; got {reference.Length}.", nameof(reference));
        }
    }

    private static float[] Uniform(int length, double eps, int seed)
    {
        var random = new Random(seed);
        var noise = new float[length];
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((random.NextDouble() * 2 - 1) * eps);
        }
        return noise;
    }

    private static bool Met(double distance, AttackOptions o) =>
        o.Goal == AttackGoal.Dodging ? distance > o.Threshold : distance < o.Threshold;
}
