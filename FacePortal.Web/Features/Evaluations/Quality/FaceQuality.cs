using System.Numerics;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Platform.Analysis;

namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// The quality measures of one face, higher = better for each (<see cref="QualityMeasures"/>); NaN where the measure
/// could not be taken (no landmarks, no descriptor, not measured on this path).
/// </summary>
public readonly record struct FaceQuality(double DetectorScore, double FaceSize, double InterEyeDistance, double Sharpness, double Frontality, double EmbeddingNorm)
{
    public static FaceQuality Unknown { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public double this[string measure] => measure switch
    {
        QualityMeasures.DetectorScore => DetectorScore,
        QualityMeasures.FaceSize => FaceSize,
        QualityMeasures.InterEyeDistance => InterEyeDistance,
        QualityMeasures.Sharpness => Sharpness,
        QualityMeasures.Frontality => Frontality,
        QualityMeasures.EmbeddingNorm => EmbeddingNorm,
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "unknown quality measure"),
    };

    /// <summary>A stored face (import): every measure, the embedding norm from the descriptor of the run's pipeline.</summary>
    public static FaceQuality Of(double score, double width, double height, float[] landmarks, double sharpness, double yaw, float[]? descriptor) =>
        new(score, Math.Sqrt(Math.Max(0, width * height)), InterEye(landmarks), sharpness, landmarks.Length >= 136 ? -Math.Abs(yaw) : double.NaN, Norm(descriptor));

    /// <summary>A face analysed on the fly (Verify): no sharpness (that is measured at import only), yaw from the landmarks.</summary>
    public static FaceQuality Of(AnalyzedFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        var yaw = double.NaN;
        if (face.Landmarks.Length >= 136)
        {
            var points = new Vector2[face.Landmarks.Length / 2];
            for (var i = 0; i < points.Length; i++)
            {
                points[i] = new Vector2(face.Landmarks[2 * i], face.Landmarks[(2 * i) + 1]);
            }
            yaw = -Math.Abs(PoseEstimate.Yaw(points));
        }
        return new(face.Score, Math.Sqrt(Math.Max(0, face.Width * face.Height)), InterEye(face.Landmarks), double.NaN, yaw, Norm(face.Descriptor));
    }

    /// <summary>Distance between the centres of the two eyes (68-point scheme: 36-41 and 42-47), pixels; NaN without landmarks.</summary>
    public static double InterEye(float[] landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        if (landmarks.Length < 136)
        {
            return double.NaN;
        }
        double lx = 0, ly = 0, rx = 0, ry = 0;
        for (var i = 36; i < 42; i++)
        {
            lx += landmarks[2 * i];
            ly += landmarks[(2 * i) + 1];
            rx += landmarks[2 * (i + 6)];
            ry += landmarks[(2 * (i + 6)) + 1];
        }
        return Math.Sqrt(Math.Pow((rx - lx) / 6, 2) + Math.Pow((ry - ly) / 6, 2));
    }

    private static double Norm(float[]? descriptor)
    {
        if (descriptor is null || descriptor.Length == 0)
        {
            return double.NaN;
        }
        return System.Numerics.Tensors.TensorPrimitives.Norm(descriptor);
    }
}
