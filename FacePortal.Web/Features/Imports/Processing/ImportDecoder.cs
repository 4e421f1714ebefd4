using FacePortal.Engine.Imaging;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>Decodes a batch's new images in parallel; a file the decoder refuses is imported as unreadable, with the reason.</summary>
internal static class ImportDecoder
{
    public static void Decode(ImageDecoder decoder, IReadOnlyList<ImportWork> work, CancellationToken ct) =>
        Parallel.ForEach(work, new ParallelOptions { CancellationToken = ct }, w =>
        {
            try
            {
                w.Image = decoder.Decode(w.Bytes!, Path.GetFileName(w.Name));
                (w.Width, w.Height) = (w.Image.Width, w.Image.Height);
            }
            catch (ImageDecodeException e)
            {
                w.Outcome = ImageOutcome.Unreadable;
                w.ImageError = e.Message;
                w.Error = e.Message;
            }
        });
}
