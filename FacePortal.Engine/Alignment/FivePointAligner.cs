using System.Numerics;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Alignment;

/// <summary>
/// InsightFace-style alignment: five points from the 68 landmarks (eye centres, nose tip, mouth corners, in image
/// order: the eye on the image's left first) mapped by a least-squares similarity onto a template in chip pixels,
/// as <c>face_align.norm_crop</c> does (fit image to template, then sample bilinearly, black outside the image).
/// Thread-safe.
/// </summary>
public sealed class FivePointAligner
{
    /// <summary>InsightFace's arcface_dst at 112x112.</summary>
    public static IReadOnlyList<PointD> ArcFace112 { get; } =
    [
        new(38.2946, 51.6963), new(73.5318, 51.5014), new(56.0252, 71.7366), new(41.5493, 92.3655), new(70.7299, 92.2041),
    ];

    private readonly PointD[] _template;

    public FivePointAligner(int width, int height, IReadOnlyList<PointD> template)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2);
        if (template.Count != 5)
        {
            throw new ArgumentException($"A five-point template needs 5 points, not {template.Count}.", nameof(template));
        }
        Width = width;
        Height = height;
        _template = [.. template];
    }

    public int Width { get; }

    public int Height { get; }

    public IReadOnlyList<PointD> Template => _template;

    /// <summary>
    /// The ArcFace template for another input size: scaled by height / 112 and centred on the width, so 96x112 gives
    /// the SphereFace/CosFace template (x - 8) and 128x128 the 112 template scaled by 8/7.
    /// </summary>
    public static PointD[] ArcFaceTemplate(int width, int height)
    {
        var scale = height / 112.0;
        return [.. ArcFace112.Select(p => new PointD(width / 2.0 + (p.X - 56) * scale, p.Y * scale))];
    }

    /// <summary>Left eye centre (36..41), right eye centre (42..47), nose tip (30), mouth corners (48, 54).</summary>
    public static PointD[] FivePoints(ReadOnlySpan<Vector2> landmarks68)
    {
        if (landmarks68.Length != FaceChipAligner.LandmarkCount)
        {
            throw new ArgumentException($"Expected {FaceChipAligner.LandmarkCount} landmarks, got {landmarks68.Length}.", nameof(landmarks68));
        }
        return [Mean(landmarks68[36..42]), Mean(landmarks68[42..48]), At(landmarks68[30]), At(landmarks68[48]), At(landmarks68[54])];
    }

    /// <summary>The similarity from image pixels to chip pixels fitted to the five points.</summary>
    public Affine2D ImageToChip(ReadOnlySpan<Vector2> landmarks68)
    {
        var fit = SimilarityTransform.Fit(FivePoints(landmarks68), _template);
        if (!(fit.Scale > 0) || !double.IsFinite(fit.Scale) || !double.IsFinite(fit.Tx) || !double.IsFinite(fit.Ty))
        {
            throw new ArgumentException("The landmarks are degenerate (they all coincide).", nameof(landmarks68));
        }
        return fit;
    }

    /// <summary>The Width x Height RGB chip.</summary>
    public RgbImage Align(RgbImage image, ReadOnlySpan<Vector2> landmarks68)
    {
        ArgumentNullException.ThrowIfNull(image);
        var chipToImage = ImageToChip(landmarks68).Inverse();
        return ChipSampler.Extract(image, chipToImage, Width, Height, ChipSampler.PyramidLevels(chipToImage.Scale), out _);
    }

    private static PointD At(Vector2 v) => new(v.X, v.Y);

    private static PointD Mean(ReadOnlySpan<Vector2> points)
    {
        double x = 0, y = 0;
        foreach (var p in points)
        {
            x += p.X;
            y += p.Y;
        }
        return new PointD(x / points.Length, y / points.Length);
    }
}
