namespace FacePortal.Tests.TestSupport;

/// <summary>Seeded synthetic descriptors: uniform noise, or identities (a centre each) with images scattered around it.</summary>
internal static class RandomDescriptors
{
    public static float[][] Uniform(int count, int dimensions, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
    }

    /// <summary>Face-like: identity centres of length ~1, images within ~0.4 of their centre (face-api's same-person distances).</summary>
    public static (float[][] Descriptors, int[] Identities) Clustered(int identities, int perIdentity, int dimensions, int seed)
    {
        var random = new Random(seed);
        float Gauss() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        var descriptors = new List<float[]>();
        var labels = new List<int>();
        for (var i = 0; i < identities; i++)
        {
            var centre = Enumerable.Range(0, dimensions).Select(_ => Gauss() / MathF.Sqrt(dimensions)).ToArray();
            for (var j = 0; j < perIdentity; j++)
            {
                descriptors.Add(centre.Select(c => c + 0.3f * Gauss() / MathF.Sqrt(dimensions)).ToArray());
                labels.Add(i);
            }
        }
        return ([.. descriptors], [.. labels]);
    }
}
