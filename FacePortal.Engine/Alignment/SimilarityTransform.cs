namespace FacePortal.Engine.Alignment;

/// <summary>Least-squares similarity (rotation + uniform scale + translation, no reflection) between point sets.</summary>
public static class SimilarityTransform
{
    /// <summary>
    /// The similarity T minimising sum |T(from[i]) - to[i]|^2. In 2-D, Umeyama's SVD solution
    /// (dlib's find_similarity_transform) has this closed form: with centred points a, b,
    /// s cos = sum(a.b) / sum|a|^2 and s sin = sum(a x b) / sum|a|^2 (its reflection guard picks
    /// the same proper rotation), so no SVD is needed.
    /// </summary>
    public static Affine2D Fit(ReadOnlySpan<PointD> from, ReadOnlySpan<PointD> to)
    {
        if (from.Length != to.Length)
        {
            throw new ArgumentException($"{from.Length} source points but {to.Length} target points.", nameof(to));
        }
        if (from.Length < 2)
        {
            throw new ArgumentException("At least two point pairs are needed.", nameof(from));
        }

        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (var i = 0; i < from.Length; i++)
        {
            fx += from[i].X;
            fy += from[i].Y;
            tx += to[i].X;
            ty += to[i].Y;
        }
        var n = from.Length;
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;

        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            var (ax, ay) = (from[i].X - fx, from[i].Y - fy);
            var (bx, by) = (to[i].X - tx, to[i].Y - ty);
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        if (norm == 0 || !double.IsFinite(norm))
        {
            throw new ArgumentException("The source points all coincide.", nameof(from));
        }

        var a = dot / norm;   // s cos
        var b = cross / norm; // s sin
        return new Affine2D(a, -b, b, a, tx - (a * fx - b * fy), ty - (b * fx + a * fy));
    }
}
