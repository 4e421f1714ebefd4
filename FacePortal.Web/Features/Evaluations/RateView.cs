using System.Globalization;
using FacePortal.Engine.Evaluation.Standards;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>How a rate with its interval reads on the pages: "1.23% [0.98%, 1.51%] (123 / 10,000)", † when fewer than 30 errors back it.</summary>
public static class RateView
{
    public const string FewErrorsMark = "†";

    public static string Pct(double? v) => v is { } x ? (x * 100).ToString(x != 0 && Math.Abs(x) < 1e-3 ? "0.####" : "0.##", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string Format(ReportRate r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var text = $"{Pct(r.Estimate)} [{Pct(r.Lower95)}, {Pct(r.Upper95)}]";
        if (r.Errors is { } e && r.Trials is { } n)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" ({e:N0} / {n:N0})");
        }
        if (r.RuleOfThreeUpper is { } bound)
        {
            text += $", no errors: at most {Pct(bound)} (rule of 3)";
        }
        return r.FewErrors ? text + " " + FewErrorsMark : text;
    }

    public static string Format(CalibratedRate r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var text = string.Create(CultureInfo.InvariantCulture, $"{Pct(r.Estimate)} [{Pct(r.Lower95)}, {Pct(r.Upper95)}] ({r.Errors:N0} / {r.Trials:N0})");
        if (r.RuleOfThreeUpper is { } bound)
        {
            text += $", no errors: at most {Pct(bound)} (rule of 3)";
        }
        return r.FewErrors ? text + " " + FewErrorsMark : text;
    }

    /// <summary>A figure that is not an error rate (AUC, TMR): estimate and interval.</summary>
    public static string Plain(ReportRate r, bool percent = true)
    {
        ArgumentNullException.ThrowIfNull(r);
        string F(double? v) => percent ? Pct(v) : v?.ToString("0.00000", CultureInfo.InvariantCulture) ?? "n/a";
        return $"{F(r.Estimate)} [{F(r.Lower95)}, {F(r.Upper95)}]";
    }

    /// <summary>True when the rate is below the trust line (for a visible mark with a tooltip).</summary>
    public static bool Few(ReportRate r) => r is { FewErrors: true };

    public const string FewErrorsTitle = "fewer than 30 errors back this rate (rule of 30): read it with care";

    public static int TrustworthyErrors => ErrorRateBounds.TrustworthyErrors;
}
