using System.Numerics.Tensors;

namespace FacePortal.Engine.Recognition;

/// <summary>Distances between descriptors, vectorised with TensorPrimitives.</summary>
public static class DescriptorMath
{
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, DistanceMetric metric) => metric switch
    {
        DistanceMetric.Euclidean => TensorPrimitives.Distance(a, b),
        DistanceMetric.Cosine => 1 - TensorPrimitives.CosineSimilarity(a, b),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>A similarity in [0, 1]-ish where higher means more alike, for display and "score" columns.</summary>
    public static double Similarity(double distance, DistanceMetric metric) => metric switch
    {
        DistanceMetric.Euclidean => 1 / (1 + distance),
        DistanceMetric.Cosine => 1 - distance,
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Mean of two descriptors (a face and its mirror image), written into <paramref name="destination"/>.</summary>
    public static void Average(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        TensorPrimitives.Add(a, b, destination);
        TensorPrimitives.Multiply(destination, 0.5f, destination);
    }
}
