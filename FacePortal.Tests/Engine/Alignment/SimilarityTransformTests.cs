using FacePortal.Engine.Alignment;

namespace FacePortal.Tests.Engine.Alignment;

public class SimilarityTransformTests
{
    [Theory]
    [InlineData(2.3, 0.7, 12.5, -7.25)]
    [InlineData(0.4, -2.9, -300, 1000)]
    [InlineData(1.0, 0.0, 0.0, 0.0)]
    [InlineData(17.0, 3.1, 0.5, 0.5)]
    public void Fit_PointsMovedByKnownSimilarity_RecoversItTo1e9(double scale, double angle, double tx, double ty)
    {
        var known = Affine2D.Similarity(scale, angle, tx, ty);
        var random = new Random(42);
        var from = Enumerable.Range(0, 33).Select(_ => new PointD(random.NextDouble() * 200 - 50, random.NextDouble() * 150)).ToArray();
        var to = from.Select(known.Apply).ToArray();

        var fit = SimilarityTransform.Fit(from, to);

        Assert.Equal(known.A, fit.A, 1e-9);
        Assert.Equal(known.B, fit.B, 1e-9);
        Assert.Equal(known.C, fit.C, 1e-9);
        Assert.Equal(known.D, fit.D, 1e-9);
        Assert.Equal(known.Tx, fit.Tx, 1e-9);
        Assert.Equal(known.Ty, fit.Ty, 1e-9);
        Assert.Equal(scale, fit.Scale, 1e-9);
    }

    [Fact]
    public void Fit_NoisyPoints_EqualsNaiveNormalEquations()
    {
        // Naive: the 4 unknowns (a, b, tx, ty) of x' = a x - b y + tx, y' = b x + a y + ty by
        // solving the normal equations of the stacked 2n x 4 system with Gaussian elimination.
        var random = new Random(3);
        var known = Affine2D.Similarity(1.7, 0.3, 40, -20);
        var from = Enumerable.Range(0, 40).Select(_ => new PointD(random.NextDouble() * 100, random.NextDouble() * 100)).ToArray();
        var to = from.Select(p => known.Apply(p)).Select(p => new PointD(p.X + random.NextDouble() * 4 - 2, p.Y + random.NextDouble() * 4 - 2)).ToArray();

        var fit = SimilarityTransform.Fit(from, to);

        var ata = new double[4, 4];
        var atb = new double[4];
        foreach (var (p, q) in from.Zip(to))
        {
            double[][] rows = [[p.X, -p.Y, 1, 0], [p.Y, p.X, 0, 1]];
            double[] rhs = [q.X, q.Y];
            for (var k = 0; k < 2; k++)
            {
                for (var i = 0; i < 4; i++)
                {
                    atb[i] += rows[k][i] * rhs[k];
                    for (var j = 0; j < 4; j++)
                    {
                        ata[i, j] += rows[k][i] * rows[k][j];
                    }
                }
            }
        }
        var x = Solve(ata, atb);

        Assert.Equal(x[0], fit.A, 1e-9);
        Assert.Equal(x[1], fit.C, 1e-9);
        Assert.Equal(-x[1], fit.B, 1e-9);
        Assert.Equal(x[0], fit.D, 1e-9);
        Assert.Equal(x[2], fit.Tx, 1e-9);
        Assert.Equal(x[3], fit.Ty, 1e-9);
    }

    [Fact]
    public void Fit_MirroredPoints_StillGivesAProperRotation()
    {
        PointD[] from = [new(0, 0), new(10, 0), new(0, 5), new(7, 9)];
        var to = from.Select(p => new PointD(-p.X, p.Y)).ToArray();
        Assert.True(SimilarityTransform.Fit(from, to).Determinant >= 0);
    }

    [Fact]
    public void Fit_DegenerateInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Fit([new(1, 1), new(1, 1)], [new(0, 0), new(2, 2)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Fit([new(1, 1)], [new(0, 0)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Fit([new(1, 1), new(2, 2)], [new(0, 0)]));
    }

    [Fact]
    public void Affine_InverseAndThen_ComposeToIdentity()
    {
        var t = new Affine2D(1.5, 0.2, -0.7, 2.1, 13, -4);
        var round = t.Then(t.Inverse());
        var p = round.Apply(new PointD(3.25, -8.5));
        Assert.Equal(3.25, p.X, 1e-12);
        Assert.Equal(-8.5, p.Y, 1e-12);
        var q = t.Then(Affine2D.Similarity(2, 0.5, 1, 1)).Apply(1, 2);
        var expected = Affine2D.Similarity(2, 0.5, 1, 1).Apply(t.Apply(1, 2));
        Assert.Equal(expected.X, q.X, 1e-12);
        Assert.Equal(expected.Y, q.Y, 1e-12);
    }

    private static double[] Solve(double[,] m, double[] v)
    {
        var n = v.Length;
        var a = (double[,])m.Clone();
        var b = (double[])v.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var j = 0; j < n; j++)
            {
                (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
            }
            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var r = col + 1; r < n; r++)
            {
                var f = a[r, col] / a[col, col];
                for (var j = col; j < n; j++)
                {
                    a[r, j] -= f * a[col, j];
                }
                b[r] -= f * b[col];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var j = r + 1; j < n; j++)
            {
                s -= a[r, j] * x[j];
            }
            x[r] = s / a[r, r];
        }
        return x;
    }
}
