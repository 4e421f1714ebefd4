namespace FacePortal.Web.Features.Imports.Sources;

/// <summary>One file an import found while planning: where it is, whose it is, or why it is refused.</summary>
internal sealed record PlannedItem(string Source, string Target, ItemExtra Extra, string? Error = null)
{
    public static PlannedItem Refused(string source, string reason) => new(source, "", new ItemExtra(), reason);
}
