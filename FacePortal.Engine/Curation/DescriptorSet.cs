using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Curation;

/// <summary>
/// Descriptors of one model in one contiguous row-major matrix (row i = face i), with the metric that compares
/// them. The curation algorithms of this folder read rows as spans: no per-face arrays.
/// </summary>
public sealed class DescriptorSet
{
    private readonly float[] _rows;

    public DescriptorSet(float[] rows, int dimension, DistanceMetric metric)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (rows.Length % dimension != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not a whole number of {dimension}-d rows", nameof(rows));
        }
        _rows = rows;
        Dimension = dimension;
        Metric = metric;
    }

    public int Count => _rows.Length / Dimension;

    public int Dimension { get; }

    public DistanceMetric Metric { get; }

    public ReadOnlySpan<float> Row(int i) => _rows.AsSpan(i * Dimension, Dimension);

    public double Distance(int i, int j) => DescriptorMath.Distance(Row(i), Row(j), Metric);

    /// <summary>Builds a set from separate descriptors of equal length.</summary>
    public static DescriptorSet From(IReadOnlyList<float[]> descriptors, DistanceMetric metric)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        if (descriptors.Count == 0)
        {
            return new DescriptorSet([], 1, metric);
        }
        var dimension = descriptors[0].Length;
        var rows = new float[descriptors.Count * dimension];
        for (var i = 0; i < descriptors.Count; i++)
        {
            if (descriptors[i].Length != dimension)
            {
                throw new ArgumentException($"descriptor {i} has {descriptors[i].Length} values, the first has {dimension}", nameof(descriptors));
            }
            descriptors[i].CopyTo(rows, i * dimension);
        }
        return new DescriptorSet(rows, dimension, metric);
    }

    /// <summary>The mean of the given rows (a centroid), for identity-level comparisons.</summary>
    public float[] Mean(IEnumerable<int> rows)
    {
        var mean = new float[Dimension];
        var n = 0;
        foreach (var r in rows)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, Row(r), mean);
            n++;
        }
        if (n > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1f / n, mean);
        }
        return mean;
    }
}
