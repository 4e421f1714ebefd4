using System.Globalization;
using System.Text;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Parses a general pairs file: one pair per line, <c>pathA,pathB,label[,fold]</c>. Label 1 (or true) = same
/// identity, 0 (or false) = different. The first line is a header when its label field is not a label. Fields
/// may be double-quoted ("" escapes a quote); lines starting with '#' and blank lines are skipped. Paths are
/// relative to an images root ('\' becomes '/'); absolute paths and '..' segments are errors.
/// Without a fold column the folds are assigned deterministically and stratified: the k-th same pair and the
/// k-th different pair (in file order) both go to fold k mod <c>foldCount</c>, so every fold gets both classes.
/// </summary>
public static class CsvPairsParser
{
    public const int DefaultFoldCount = 10;

    public static IReadOnlyList<VerificationPair> Load(string path, int foldCount = DefaultFoldCount) =>
        Parse(File.ReadAllText(path), Path.GetFileName(path), foldCount);

    public static IReadOnlyList<VerificationPair> Parse(string text, string sourceName = "pairs.csv", int foldCount = DefaultFoldCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 1);
        var pairs = new List<VerificationPair>();
        var columns = 0;
        var columnsLine = 0;
        var first = true;
        int sameSeen = 0, differentSeen = 0;
        foreach (var (number, line) in TextLines.Enumerate(text))
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var f = SplitFields(line, sourceName, number);
            if (first)
            {
                first = false;
                if (f.Count is 3 or 4 && !TryLabel(f[2], out _))
                {
                    continue; // header
                }
            }

            if (f.Count is not (3 or 4))
            {
                throw new PairsFormatException(sourceName, number, $"expected 3 fields 'pathA,pathB,label' or 4 'pathA,pathB,label,fold', got {f.Count}");
            }

            if (columns == 0)
            {
                columns = f.Count;
                columnsLine = number;
            }
            else if (f.Count != columns)
            {
                throw new PairsFormatException(sourceName, number, $"{f.Count} fields, but line {columnsLine} has {columns}: every line needs the same columns");
            }

            var a = RelativeImagePath.Normalize(f[0], out var errA) ?? throw new PairsFormatException(sourceName, number, errA!);
            var b = RelativeImagePath.Normalize(f[1], out var errB) ?? throw new PairsFormatException(sourceName, number, errB!);
            if (!TryLabel(f[2], out var same))
            {
                throw new PairsFormatException(sourceName, number, $"label '{f[2]}' must be 1 (same) or 0 (different)");
            }

            int fold;
            if (columns == 4)
            {
                if (!int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out fold))
                {
                    throw new PairsFormatException(sourceName, number, $"fold '{f[3]}' is not a non-negative integer");
                }
            }
            else
            {
                fold = (same ? sameSeen++ : differentSeen++) % foldCount;
            }

            pairs.Add(new VerificationPair(a, b, same, fold));
        }

        if (pairs.Count == 0)
        {
            throw new PairsFormatException(sourceName, 1, "no pairs: expected lines 'pathA,pathB,label[,fold]'");
        }

        return pairs;
    }

    private static bool TryLabel(string s, out bool same)
    {
        switch (s.ToLowerInvariant())
        {
            case "1":
            case "true":
                same = true;
                return true;
            case "0":
            case "false":
                same = false;
                return true;
            default:
                same = false;
                return false;
        }
    }

    /// <summary>Comma-separated fields, trimmed; a field may be double-quoted with "" as an escaped quote.</summary>
    private static List<string> SplitFields(string line, string source, int number)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new PairsFormatException(source, number, $"unterminated quoted field in field {fields.Count + 1}");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                while (i < line.Length && line[i] is ' ' or '\t')
                {
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw new PairsFormatException(source, number, $"text after the closing quote of field {fields.Count + 1}");
                }

                fields.Add(sb.ToString());
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = line.Length;
                }

                fields.Add(line[i..end].Trim());
                i = end;
            }

            if (i >= line.Length)
            {
                return fields;
            }

            i++; // the comma
        }
    }
}
