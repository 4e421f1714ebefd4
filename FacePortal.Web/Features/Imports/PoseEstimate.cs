using System.Numerics;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Head yaw from the 68 landmarks, in degrees. The nose tip (30) is compared with the midpoint of the outer eye
/// corners (36, 45) along the eye line: t = offset / half the eye-corner distance. On a head turned by θ the eye
/// corners' half distance w shrinks to w·cos θ and the nose tip, standing out by d, moves by d·sin θ, so
/// t = (d/w)·tan θ; with the typical d/w ≈ 0.75, θ = atan(t / 0.75). Negative: the nose points to the image's
/// left. A rough estimate (no pitch, no perspective), good for sorting and filtering.
/// </summary>
public static class PoseEstimate
{
    private const double NoseDepthOverEyeHalfWidth = 0.75;

    public static double Yaw(IReadOnlyList<Vector2> points)
    {
        if (points.Count < 68)
        {
            return 0;
        }
        var left = points[36];
        var right = points[45];
        var axis = right - left;
        var length = axis.Length();
        if (length < 1e-3f)
        {
            return 0;
        }
        var t = Vector2.Dot(points[30] - (left + right) / 2, axis / length) / (length / 2);
        return Math.Atan(t / NoseDepthOverEyeHalfWidth) * 180 / Math.PI;
    }
}
