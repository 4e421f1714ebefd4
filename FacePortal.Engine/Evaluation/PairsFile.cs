using System.Globalization;

namespace FacePortal.Engine.Evaluation;

/// <summary>Loads a pairs file of either dialect, recognised by its first meaningful line.</summary>
public static class PairsFile
{
    public static IReadOnlyList<VerificationPair> Load(string path) =>
        Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static IReadOnlyList<VerificationPair> Parse(string text, string sourceName = "pairs") =>
        DetectFormat(text, sourceName) switch
        {
            PairsFileFormat.Lfw => LfwPairsParser.Parse(text, sourceName),
            _ => CsvPairsParser.Parse(text, sourceName),
        };

    /// <summary>
    /// LFW when the first non-blank line is one or two whitespace-separated integers (its header); CSV when it
    /// holds a comma. Anything else is an error naming that line.
    /// </summary>
    public static PairsFileFormat DetectFormat(string text, string sourceName = "pairs")
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (number, line) in TextLines.Enumerate(text))
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.Contains(','))
            {
                return PairsFileFormat.Csv;
            }

            var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length is 1 or 2 && tokens.All(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return PairsFileFormat.Lfw;
            }

            throw new PairsFormatException(sourceName, number,
                $"unrecognised pairs file: expected an LFW header 'folds<TAB>count' or a CSV line 'pathA,pathB,label[,fold]', got '{line.Trim()}'");
        }

        throw new PairsFormatException(sourceName, 1, "empty pairs file");
    }
}
