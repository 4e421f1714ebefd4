using System.Globalization;

namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Parses LFW pair lists. View 2 <c>pairs.txt</c>: header "folds\tcount", then per fold <c>count</c> same-person
/// lines "name\ti\tj" followed by <c>count</c> different-person lines "name1\ti\tname2\tj". View 1
/// <c>pairsDevTrain.txt</c>/<c>pairsDevTest.txt</c>: header "count", one fold. Image index i is the file
/// <c>name/name_%04d.jpg</c> under the images root. Folds are numbered from 0.
/// </summary>
public static class LfwPairsParser
{
    public static IReadOnlyList<VerificationPair> Load(string path) =>
        Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>The image path LFW means by (name, index), relative to the images root.</summary>
    public static string ImagePath(string name, int index) => RelativeImagePath.Lfw(name, index);

    public static IReadOnlyList<VerificationPair> Parse(string text, string sourceName = "pairs.txt")
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = TextLines.Enumerate(text).Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        if (lines.Count == 0)
        {
            throw new PairsFormatException(sourceName, 1, "empty file: expected a header line 'folds<TAB>count' or 'count'");
        }

        var (headerLine, headerText) = lines[0];
        var header = Split(headerText);
        int folds;
        int perClass;
        if (header.Length == 1 && TryCount(header[0], out perClass))
        {
            folds = 1;
        }
        else if (header.Length == 2 && TryCount(header[0], out folds) && TryCount(header[1], out perClass))
        {
        }
        else
        {
            throw new PairsFormatException(sourceName, headerLine,
                $"bad header '{headerText.Trim()}': expected 'folds<TAB>count' (pairs.txt) or 'count' (pairsDevTrain/DevTest.txt), positive integers");
        }

        var perFold = 2L * perClass;
        var expected = folds * perFold;
        var body = lines.Count - 1;
        if (body > expected)
        {
            throw new PairsFormatException(sourceName, lines[(int)expected + 1].Number,
                $"too many pair lines: the header '{headerText.Trim()}' announces {expected} ({folds} fold(s) x 2 x {perClass})");
        }

        if (body < expected)
        {
            throw new PairsFormatException(sourceName, lines[^1].Number,
                $"file ends after {body} pair lines; the header '{headerText.Trim()}' announces {expected} ({folds} fold(s) x 2 x {perClass})");
        }

        var pairs = new VerificationPair[expected];
        for (var k = 0; k < expected; k++)
        {
            var (number, line) = lines[k + 1];
            var f = Split(line);
            var fold = (int)(k / perFold);
            var sameBlock = k % perFold < perClass;
            if (f.Length == 3)
            {
                if (!sameBlock)
                {
                    throw new PairsFormatException(sourceName, number, "same-person line (name i j) inside the different-person block of its fold");
                }

                var name = Name(f[0], sourceName, number);
                pairs[k] = new VerificationPair(
                    ImagePath(name, Index(f[1], sourceName, number)), ImagePath(name, Index(f[2], sourceName, number)), true, fold);
            }
            else if (f.Length == 4)
            {
                if (sameBlock)
                {
                    throw new PairsFormatException(sourceName, number, "different-person line (name1 i name2 j) inside the same-person block of its fold");
                }

                pairs[k] = new VerificationPair(
                    ImagePath(Name(f[0], sourceName, number), Index(f[1], sourceName, number)),
                    ImagePath(Name(f[2], sourceName, number), Index(f[3], sourceName, number)), false, fold);
            }
            else
            {
                throw new PairsFormatException(sourceName, number,
                    $"expected 3 fields 'name i j' or 4 fields 'name1 i name2 j', got {f.Length}: '{line.Trim()}'");
            }
        }

        return pairs;
    }

    private static string[] Split(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryCount(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static int Index(string s, string source, int line) =>
        TryCount(s, out var i) ? i : throw new PairsFormatException(source, line, $"image index '{s}' is not a positive integer");

    private static string Name(string s, string source, int line) =>
        s.Contains('/') || s.Contains('\\') || s == "." || s == ".."
            ? throw new PairsFormatException(source, line, $"person name '{s}' must not contain path separators or be '.'/'..'")
            : s;
}
