using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>A run's scored pairs with the quality of both faces of each, read once per score snapshot.</summary>
internal sealed class PreparedQuality(ScoredPair[] pairs, int[] imageA, int[] imageB, Dictionary<int, FaceQuality> faces)
{
    public ScoredPair[] Pairs { get; } = pairs;

    public int[] ImageA { get; } = imageA;

    public int[] ImageB { get; } = imageB;

    /// <summary>The primary face's quality of every image the pairs use (<see cref="FaceQuality.Unknown"/> without one).</summary>
    public Dictionary<int, FaceQuality> Faces { get; } = faces;

    public FaceQuality Of(int imageId) => Faces.TryGetValue(imageId, out var q) ? q : FaceQuality.Unknown;

    public (double[] A, double[] B) Sides(string measure)
    {
        var a = new double[Pairs.Length];
        var b = new double[Pairs.Length];
        for (var i = 0; i < Pairs.Length; i++)
        {
            a[i] = Of(ImageA[i])[measure];
            b[i] = Of(ImageB[i])[measure];
        }
        return (a, b);
    }

    /// <summary>Why a measure cannot be used on this run, or null when its values vary.</summary>
    public string? Unusable(QualityMeasure measure)
    {
        var values = Faces.Values.Select(f => f[measure.Key]).Where(double.IsFinite).ToList();
        if (values.Count == 0)
        {
            return measure.Key == QualityMeasures.EmbeddingNorm
                ? $"{measure.Name}: no stored descriptor of this run's pipeline"
                : $"{measure.Name}: not stored for these faces";
        }
        var (min, max) = (values.Min(), values.Max());
        if (max - min <= 1e-6 * Math.Max(1, Math.Abs(max)))
        {
            return measure.Key == QualityMeasures.EmbeddingNorm
                ? $"{measure.Name}: the same for every face ({max:0.####}): this model's descriptors are normalised, so the raw norm is not exposed"
                : $"{measure.Name}: the same for every face ({max:0.####})";
        }
        return null;
    }
}
