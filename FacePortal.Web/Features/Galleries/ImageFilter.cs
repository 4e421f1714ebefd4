using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// The identity page's sort and filters over its images. A measure filter leaves out images without a primary face;
/// when sorting by a measure they come last.
/// </summary>
public sealed class ImageFilter
{
    public ImageSort Sort { get; set; } = ImageSort.Name;

    public bool Descending { get; set; }

    public ImageOutcome? Outcome { get; set; }

    public double? MinScore { get; set; }

    public double? MinSize { get; set; }

    public double? MinSharpness { get; set; }

    public double? MaxAbsYaw { get; set; }

    public bool ShowExcluded { get; set; } = true;

    /// <summary>Only images with this tag (case-insensitive).</summary>
    public string? Tag { get; set; }

    public IReadOnlyList<ImageView> Apply(IEnumerable<ImageView> images)
    {
        var kept = images.Where(Keep);
        if (Sort == ImageSort.Name)
        {
            var byName = kept.OrderBy(i => i.OriginalName, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Id);
            return (Descending ? byName.Reverse() : byName).ToList();
        }
        if (Sort == ImageSort.Outcome)
        {
            var byOutcome = Descending ? kept.OrderByDescending(i => i.Outcome) : kept.OrderBy(i => i.Outcome);
            return byOutcome.ThenBy(i => i.Id).ToList();
        }
        // Faceless images last whichever the direction.
        var measured = kept.Select(i => (Image: i, Key: Measure(i))).ToList();
        var with = measured.Where(m => m.Key is not null);
        var ordered = Descending ? with.OrderByDescending(m => m.Key) : with.OrderBy(m => m.Key);
        return ordered.ThenBy(m => m.Image.Id).Concat(measured.Where(m => m.Key is null)).Select(m => m.Image).ToList();
    }

    private double? Measure(ImageView image) => image.Primary is not { } f ? null : Sort switch
    {
        ImageSort.Score => f.Score,
        ImageSort.Size => f.Size,
        ImageSort.Sharpness => f.Sharpness,
        ImageSort.Yaw => Math.Abs(f.Yaw),
        _ => null,
    };

    private bool Keep(ImageView image)
    {
        if (!ShowExcluded && image.Excluded)
        {
            return false;
        }
        if (Outcome is { } outcome && image.Outcome != outcome)
        {
            return false;
        }
        if (!string.IsNullOrWhiteSpace(Tag) && !image.Tags.Contains(Tag.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        if (MinScore is null && MinSize is null && MinSharpness is null && MaxAbsYaw is null)
        {
            return true;
        }
        return image.Primary is { } f
            && (MinScore is not { } score || f.Score >= score)
            && (MinSize is not { } size || f.Size >= size)
            && (MinSharpness is not { } sharp || f.Sharpness >= sharp)
            && (MaxAbsYaw is not { } yaw || Math.Abs(f.Yaw) <= yaw);
    }
}
