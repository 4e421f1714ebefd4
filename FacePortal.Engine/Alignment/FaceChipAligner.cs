using System.Numerics;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Alignment;

/// <summary>
/// dlib's face chip alignment: get_face_chip_details(shape, size, padding) then extract_image_chip,
/// the preprocessing dlib's ResNet face descriptor (the weights face-api ships) was trained and
/// scored with (99.38% on LFW at size 150, padding 0.25).
/// <list type="bullet">
/// <item>A similarity is fitted (least squares) from dlib's mean face, placed in the chip at
/// (padding + mean) / (2 padding + 1) * size, to the 33 stable landmarks dlib uses.</item>
/// <item>Pixels are sampled with dlib's bilinear interpolation: a sample whose 2x2 neighbourhood is
/// not wholly inside the image is black, and values are truncated to bytes as dlib's assign_pixel does.</item>
/// <item>When the face is more than twice the chip size (scale &gt; 2), dlib first shrinks the image
/// with its pyramid_down&lt;2&gt;; this class halves with 2x2 box averaging instead (same level choice,
/// a different low-pass filter, so large faces are close to dlib but not bit-exact). LFW's 250 px
/// images (faces ~100-120 px, scale ~1) never take that path.</item>
/// <item>dlib copies pixels without interpolation when the chip has exactly no rotation and scale 1;
/// that only happens for synthetic input and is not reproduced (this always interpolates).</item>
/// </list>
/// Landmarks are the 68 iBUG points (dlib and face-api order) as <see cref="Vector2"/> (x, y) in image pixels.
/// Thread-safe.
/// </summary>
public sealed class FaceChipAligner
{
    public const int LandmarkCount = 68;

    public FaceChipAligner(int size = 150, double padding = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (!double.IsFinite(padding))
        {
            throw new ArgumentOutOfRangeException(nameof(padding));
        }
        Size = size;
        Padding = padding;
    }

    public int Size { get; }
    public double Padding { get; }

    /// <summary>The template point for landmark <paramref name="point"/> (17..67) in chip pixels.</summary>
    public PointD TemplatePoint(int point)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(point, DlibMeanFace.FirstPoint);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(point, LandmarkCount);
        var i = point - DlibMeanFace.FirstPoint;
        var denominator = 2 * Padding + 1;
        return new((Padding + DlibMeanFace.X[i]) / denominator * Size, (Padding + DlibMeanFace.Y[i]) / denominator * Size);
    }

    /// <summary>dlib's get_face_chip_details: where the chip lies, without sampling it.</summary>
    public FaceChipPlacement Locate(ReadOnlySpan<Vector2> landmarks)
    {
        if (landmarks.Length != LandmarkCount)
        {
            throw new ArgumentException($"Expected {LandmarkCount} landmarks, got {landmarks.Length}.", nameof(landmarks));
        }

        Span<PointD> from = stackalloc PointD[LandmarkCount];
        Span<PointD> to = stackalloc PointD[LandmarkCount];
        var n = 0;
        for (var point = DlibMeanFace.FirstPoint; point < LandmarkCount; point++)
        {
            if (!DlibMeanFace.IsUsed(point))
            {
                continue;
            }
            var p = landmarks[point];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y))
            {
                throw new ArgumentException($"Landmark {point} is not finite.", nameof(landmarks));
            }
            from[n] = TemplatePoint(point);
            to[n] = new PointD(p.X, p.Y);
            n++;
        }

        var similarity = SimilarityTransform.Fit(from[..n], to[..n]);
        if (!(similarity.Scale > 0) || !double.IsFinite(similarity.Scale) || !double.IsFinite(similarity.Tx) || !double.IsFinite(similarity.Ty))
        {
            throw new ArgumentException("The landmarks are degenerate (they all coincide).", nameof(landmarks));
        }
        return new FaceChipPlacement(similarity, ChipToImage(similarity, Size), Size);
    }

    /// <summary>Aligns and samples the face chip (Size x Size RGB; outside the image is black).</summary>
    public FaceChip Align(RgbImage image, ReadOnlySpan<Vector2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        var placement = Locate(landmarks);
        var chip = ChipSampler.Extract(image, placement.ChipToImage, Size, ChipSampler.PyramidLevels(placement.Scale), out var levels);
        return new FaceChip(chip, placement, levels);
    }

    // dlib's chip_details(from, to, dims): angle and scale from the fit, a rect of size*scale centred on
    // the image of the chip centre; extract_image_chip then maps chip (0,0), (size-1,0), (0,size-1) to
    // that rect's corners rotated about its centre.
    internal static Affine2D ChipToImage(Affine2D similarity, int size)
    {
        var angle = similarity.Angle;
        var scale = similarity.Scale;
        var centre = similarity.Apply(size / 2.0, size / 2.0);
        var step = (size * scale - 1) / (size - 1);
        var (sin, cos) = Math.SinCos(angle);
        var half = (size - 1) / 2.0;
        // x_img = centre + R(angle) * step * (x - half, y - half)
        var a = step * cos;
        var b = -step * sin;
        var c = step * sin;
        var d = step * cos;
        return new Affine2D(a, b, c, d, centre.X - (a * half + b * half), centre.Y - (c * half + d * half));
    }
}
