namespace FacePortal.Engine.Evaluation;

/// <summary>
/// McNemar's test for two classifiers decided on the same trials: only the discordant trials count, <c>b</c> (the
/// first right, the second wrong) and <c>c</c> (the other way round). Under "equally accurate" each discordant trial
/// goes either way with probability 1/2, so the exact test is a two-sided binomial test of b among b + c; for large
/// counts the chi-square with Edwards' continuity correction, (|b - c| - 1)^2 / (b + c) on 1 degree of freedom, agrees.
/// </summary>
public static class McNemarTest
{
    /// <summary>From this many discordant trials the chi-square approximation is customary (and the exact test is still used).</summary>
    public const int ChiSquareFrom = 25;

    /// <summary>Two-sided exact p: 2 P(X &lt;= min(b, c)) for X ~ Binomial(b + c, 1/2), at most 1; 1 when there is no discordant trial.</summary>
    public static double ExactP(long b, long c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        var n = b + c;
        if (n == 0)
        {
            return 1;
        }
        var k = Math.Min(b, c);
        // Summed in log space from the largest term down, so n in the millions neither overflows nor underflows early.
        var logHalfN = n * Math.Log(0.5);
        double sum = 0;
        var logTerm = LogChoose(n, k) + logHalfN;
        for (var i = k; i >= 0; i--)
        {
            var term = Math.Exp(logTerm);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
            // C(n, i - 1) = C(n, i) * i / (n - i + 1)
            logTerm += Math.Log(i) - Math.Log(n - i + 1);
        }
        return Math.Min(1, 2 * sum);
    }

    /// <summary>The continuity-corrected statistic (|b - c| - 1)^2 / (b + c), 0 when |b - c| &lt;= 1 or nothing is discordant.</summary>
    public static double ChiSquare(long b, long c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        var n = b + c;
        var d = Math.Max(0, Math.Abs(b - c) - 1.0);
        return n == 0 ? 0 : d * d / n;
    }

    /// <summary>P(chi-square with 1 df &gt;= <see cref="ChiSquare"/>) = erfc(sqrt(x / 2)).</summary>
    public static double ChiSquareP(long b, long c) => Erfc(Math.Sqrt(ChiSquare(b, c) / 2));

    /// <summary>ln C(n, k) through ln Gamma.</summary>
    internal static double LogChoose(long n, long k) => LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1);

    // Lanczos (g = 7, 9 terms): relative error near 1e-15 for x >= 0.5, all this needs.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }
        x -= 1;
        var a = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    internal static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var r = t * Math.Exp(-(z * z) - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418
            + (t * (-0.18628806 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587
            + (t * (-0.82215223 + (t * 0.17087277))))))))))))))))));
        return x >= 0 ? r : 2 - r;
    }
}
