namespace FacePortal.Engine.Evaluation;

/// <summary>Splits text into lines with their 1-based numbers (LF or CRLF).</summary>
internal static class TextLines
{
    public static IEnumerable<(int Number, string Text)> Enumerate(string text)
    {
        var number = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            number++;
            var line = text[start..end];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            // A trailing newline does not start another (empty) line.
            if (end < text.Length || line.Length > 0)
            {
                yield return (number, line);
            }

            start = end + 1;
        }
    }
}
