namespace FacePortal.Engine.Models.Adapted;

/// <summary>One fully connected layer of a projection head: y = x W + b, W row-major [In, Out].</summary>
public sealed record DenseLayer(int In, int Out, float[] Weight, float[] Bias)
{
    /// <exception cref="ArgumentException">The arrays do not fit the sizes.</exception>
    public void Check()
    {
        if (In <= 0 || Out <= 0 || Weight.Length != In * Out || Bias.Length != Out)
        {
            throw new ArgumentException($"dense layer {In}x{Out}: {Weight.Length} weights and {Bias.Length} biases do not fit");
        }
        if (Weight.Any(v => !float.IsFinite(v)) || Bias.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"dense layer {In}x{Out} holds a value that is not finite (training diverged?)");
        }
    }
}
