namespace FacePortal.Web.Features.Galleries;

/// <summary>The rules for identity and image tags: trimmed, bounded, distinct ignoring case.</summary>
public static class TagLists
{
    public const int MaxTag = 100;

    /// <summary>Trimmed, non-empty, distinct (ignoring case) tags; throws on one that is too long.</summary>
    public static List<string> Clean(IEnumerable<string> tags)
    {
        var result = new List<string>();
        foreach (var raw in tags)
        {
            var tag = (raw ?? "").Trim();
            if (tag.Length == 0 || result.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            if (tag.Length > MaxTag || tag.Any(char.IsControl))
            {
                throw new GalleryException($"The tag \"{tag[..Math.Min(tag.Length, 30)]}\" is longer than {MaxTag} characters or has control characters.");
            }
            result.Add(tag);
        }
        return result;
    }

    /// <summary><paramref name="current"/> without <paramref name="remove"/>, with <paramref name="add"/> (ignoring case).</summary>
    public static List<string> Merge(IEnumerable<string> current, IEnumerable<string> add, IReadOnlyCollection<string> remove)
    {
        var result = current.Where(t => !remove.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var tag in add)
        {
            if (!result.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(tag);
            }
        }
        return result;
    }

    /// <summary>"+added -removed", for the activity list.</summary>
    public static string Change(IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove) =>
        string.Join(" ", add.Select(t => "+" + t).Concat(remove.Select(t => "-" + t)));
}
