using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace FacePortal.Engine.Robustness;

/// <summary>
/// The descriptor of a chip seen through a defence, with a gradient an attacker can follow (adaptive attacks, Athalye,
/// Carlini and Wagner 2018). Blur and flip averaging are differentiable and run exactly in Torch; JPEG, resize and
/// bit-depth reduction run as the defence itself in the forward pass with the identity as their backward pass (BPDA).
/// </summary>
public static class DefendedForward
{
    /// <summary>NHWC 0..255 chip(s) to descriptors; <paramref name="defence"/> null is the bare network.</summary>
    public static Tensor Descriptor(IRecognitionTorchNet net, Tensor nhwc, InputDefence? defence)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(nhwc);
        return defence switch
        {
            null => net.Forward(nhwc),
            InputDefence.Blur => net.Forward(Blur(nhwc, InputDefences.BlurSigma)),
            InputDefence.FlipAverage => (net.Forward(nhwc) + net.Forward(nhwc.flip(2))) * 0.5,
            _ => net.Forward(StraightThrough(nhwc, defence.Value)),
        };
    }

    /// <summary>The same separable Gaussian as <see cref="InputDefences"/> (edge pixel repeated), on NHWC.</summary>
    public static Tensor Blur(Tensor nhwc, double sigma)
    {
        ArgumentNullException.ThrowIfNull(nhwc);
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        var k = kernel.Select(v => (float)(v / sum)).ToArray();
        using var scope = NewDisposeScope();
        var x = nhwc.permute(0, 3, 1, 2);
        var row = torch.tensor(k, [1, 1, 1, k.Length]).to_type(x.dtype).expand(3, 1, 1, k.Length).contiguous();
        var column = torch.tensor(k, [1, 1, k.Length, 1]).to_type(x.dtype).expand(3, 1, k.Length, 1).contiguous();
        x = F.conv2d(F.pad(x, [radius, radius, 0, 0], PaddingModes.Replicate), row, groups: 3);
        x = F.conv2d(F.pad(x, [0, 0, radius, radius], PaddingModes.Replicate), column, groups: 3);
        return x.permute(0, 2, 3, 1).MoveToOuterDisposeScope();
    }

    // Forward: the real defence on each chip; backward: the identity.
    private static Tensor StraightThrough(Tensor nhwc, InputDefence defence)
    {
        var size = (int)nhwc.shape[1];
        var batch = (int)nhwc.shape[0];
        var values = nhwc.detach().to_type(ScalarType.Float32).cpu().data<float>().ToArray();
        var per = size * size * 3;
        var defended = new float[values.Length];
        for (var b = 0; b < batch; b++)
        {
            InputDefences.Apply(defence, values[(b * per)..((b + 1) * per)], size).CopyTo(defended, b * per);
        }
        var y = torch.tensor(defended, nhwc.shape).to_type(nhwc.dtype).to(nhwc.device);
        return nhwc + (y - nhwc).detach();
    }
}
