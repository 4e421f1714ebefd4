using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>Everything about one item of a batch, worked out before anything is written.</summary>
internal sealed class ImportWork(JobItem item)
{
    /// <summary>The outcome recorded on an item that was not imported.</summary>
    public const string ErrorOutcome = "Error";

    public JobItem Item { get; } = item;
    public ItemExtra Extra { get; } = ItemExtra.Parse(item.Extra);
    public string Name => Item.Source;
    public byte[]? Bytes { get; set; }

    /// <summary>The bytes with their hash, computed once: used for de-duplication and to store the file.</summary>
    public ImageContent? Content { get; set; }
    public string? Hash => Content?.Hash;
    public RgbImage? Image { get; set; }
    public ImageFaces? Faces { get; set; }
    public ImageOutcome? Outcome { get; set; }
    public string? ImageError { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public string? Signature { get; set; }

    /// <summary>A job error: set when the file is not imported, or imported as unreadable.</summary>
    public string? Error { get; set; }
}
