using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace FacePortal.Engine.Evaluation;

/// <summary>Writes pairs in the dialects <see cref="PairsFile"/> reads back: CSV, and LFW's pairs.txt where the pairs fit it.</summary>
public static class PairsFileWriter
{
    /// <summary>CSV <c>fold,label,imageA,imageB</c> (label 1 = same identity), in the order given.</summary>
    public static string WriteCsv(IEnumerable<VerificationPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var csv = new StringBuilder("fold,label,imageA,imageB\n");
        foreach (var p in pairs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Fold},{(p.Same ? 1 : 0)},{Csv.Field(p.PathA)},{Csv.Field(p.PathB)}\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// LFW's pairs.txt: "folds count" then per fold count genuine lines "name i j" and count impostor lines
    /// "name1 i name2 j". Only pairs whose folds all hold the same number of each class, with LFW file names
    /// (Name/Name_0001.jpg), fit that format; otherwise <paramref name="error"/> says why.
    /// </summary>
    public static bool TryWriteLfw(IReadOnlyList<VerificationPair> pairs, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        text = null;
        var folds = pairs.GroupBy(p => p.Fold).OrderBy(g => g.Key).ToList();
        var perClass = folds.Count == 0 ? 0 : folds[0].Count(p => p.Same);
        if (folds.Count == 0 || folds.Any(f => f.Count(p => p.Same) != perClass || f.Count(p => !p.Same) != perClass))
        {
            error = "pairs.txt needs the same number of genuine and impostor pairs in every fold";
            return false;
        }
        var lines = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{folds.Count}\t{perClass}\n");
        foreach (var fold in folds)
        {
            foreach (var p in fold.Where(p => p.Same).Concat(fold.Where(p => !p.Same)))
            {
                if (!RelativeImagePath.TryParseLfw(p.PathA, out var n1, out var i) || !RelativeImagePath.TryParseLfw(p.PathB, out var n2, out var j))
                {
                    error = $"'{(RelativeImagePath.TryParseLfw(p.PathA, out _, out _) ? p.PathB : p.PathA)}' is not an LFW file name (Name/Name_0001.jpg)";
                    return false;
                }
                if (p.Same)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"{n1}\t{i}\t{j}\n");
                }
                else
                {
                    lines.Append(CultureInfo.InvariantCulture, $"{n1}\t{i}\t{n2}\t{j}\n");
                }
            }
        }
        (text, error) = (lines.ToString(), null);
        return true;
    }
}
