namespace FacePortal.Engine.Alignment;

/// <summary>
/// A 2-D affine map: x' = A x + B y + Tx, y' = C x + D y + Ty. As a 2x3 matrix [[A, B, Tx], [C, D, Ty]],
/// ready for a canvas setTransform(A, C, B, D, Tx, Ty).
/// </summary>
public readonly record struct Affine2D(double A, double B, double C, double D, double Tx, double Ty)
{
    public static Affine2D Identity => new(1, 0, 0, 1, 0, 0);

    /// <summary>A similarity: rotate by <paramref name="angle"/> radians (x towards y), scale, then translate.</summary>
    public static Affine2D Similarity(double scale, double angle, double tx, double ty)
    {
        var (sin, cos) = Math.SinCos(angle);
        return new(scale * cos, -scale * sin, scale * sin, scale * cos, tx, ty);
    }

    /// <summary>Rotation angle of the linear part, radians; meaningful for a similarity.</summary>
    public double Angle => Math.Atan2(C, A);

    /// <summary>Scale of the linear part's first column; meaningful for a similarity.</summary>
    public double Scale => Math.Sqrt(A * A + C * C);

    public double Determinant => A * D - B * C;

    public PointD Apply(PointD p) => new(A * p.X + B * p.Y + Tx, C * p.X + D * p.Y + Ty);

    public PointD Apply(double x, double y) => new(A * x + B * y + Tx, C * x + D * y + Ty);

    /// <summary>This map followed by <paramref name="next"/>.</summary>
    public Affine2D Then(Affine2D next) => new(
        next.A * A + next.B * C, next.A * B + next.B * D,
        next.C * A + next.D * C, next.C * B + next.D * D,
        next.A * Tx + next.B * Ty + next.Tx, next.C * Tx + next.D * Ty + next.Ty);

    public Affine2D Inverse()
    {
        var det = Determinant;
        if (det == 0 || !double.IsFinite(det))
        {
            throw new InvalidOperationException("The transform is singular.");
        }
        var (a, b, c, d) = (D / det, -B / det, -C / det, A / det);
        return new(a, b, c, d, -(a * Tx + b * Ty), -(c * Tx + d * Ty));
    }
}
