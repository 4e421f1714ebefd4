namespace FacePortal.Web.Features.Galleries;

/// <summary>The keys "not a defect" answers are remembered by: the kind and its subject, stable across analyses.</summary>
public static class DefectKeys
{
    public static string Zoo(int identityId) => $"zoo:{identityId}";

    public static string Mixed(int identityId) => $"mixed:{identityId}";

    public static string DuplicateName(int a, int b) => a < b ? $"duplicate-name:{a}-{b}" : $"duplicate-name:{b}-{a}";

    public static string SamePhoto(IEnumerable<int> imageIds) => "same-photo:" + string.Join('-', imageIds.Order());

    public static string Harmful(int imageId) => $"harmful:{imageId}";

    /// <summary>True for a key one of the above makes (what the dismiss endpoint and service accept).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= 200 } && key.IndexOf(':') is > 0 and var colon
        && key[..colon] is "zoo" or "mixed" or "duplicate-name" or "same-photo" or "harmful"
        && key[(colon + 1)..].Split('-').All(part => int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0);
}
