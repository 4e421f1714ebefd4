namespace FacePortal.Engine.Evaluation;

/// <summary>A malformed pairs file; the message starts with "source:line:" so the user can find the line.</summary>
public sealed class PairsFormatException : FormatException
{
    public PairsFormatException(string source, int lineNumber, string message)
        : base($"{source}:{lineNumber}: {message}")
    {
        Source = source;
        LineNumber = lineNumber;
        Reason = message;
    }

    /// <summary>The file name (or other label) the text came from.</summary>
    public new string Source { get; }

    /// <summary>1-based line number of the offending line.</summary>
    public int LineNumber { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }
}
