using System.Text;

namespace FacePortal.Web.Features.Imports;

/// <summary>
/// Identity names come from folder names, zip entries and CSV cells: any text. They stay display names (the image
/// store is content-addressed, so a name never becomes a path): control characters become spaces, runs of white
/// space collapse, the ends are trimmed and the length is capped without splitting a surrogate pair.
/// </summary>
public static class IdentityNames
{
    /// <summary>The cleaned name, or null when nothing printable is left.</summary>
    public static string? Clean(string? raw, int maxLength)
    {
        if (raw is null)
        {
            return null;
        }
        var text = new StringBuilder(Math.Min(raw.Length, maxLength + 16));
        var pendingSpace = false;
        foreach (var c in raw)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF')
            {
                pendingSpace = text.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }
            text.Append(c);
            if (text.Length >= maxLength)
            {
                break;
            }
        }
        if (text.Length > maxLength)
        {
            text.Length = maxLength;
        }
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            text.Length--;
        }
        var name = text.ToString().Trim();
        return name.Length == 0 ? null : name;
    }
}
