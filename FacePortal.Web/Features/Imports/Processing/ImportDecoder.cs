using FacePortal.Engine.Imaging;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>Decodes a batch's new images in parallel; a file the decoder refuses is imported as unreadable, with the reason.</summary>
internal static class ImportDecoder
{
    /// <summary>A content decoded ahead of its batch's turn: the pixels, or why the decoder refused it.</summary>
    public sealed record Decoded(RgbImage? Image, string? Error);

    /// <summary>A content already decoded ahead (by hash) is taken from <paramref name="ahead"/>, not decoded again.</summary>
    public static void Decode(ImageDecoder decoder, IReadOnlyList<ImportWork> work, IReadOnlyDictionary<string, Decoded>? ahead, CancellationToken ct) =>
        Parallel.ForEach(work, new ParallelOptions { CancellationToken = ct }, w =>
        {
            var d = ahead is not null && ahead.TryGetValue(w.Hash!, out var done) ? done : DecodeOne(decoder, w);
            if (d.Image is not null)
            {
                w.Image = d.Image;
                (w.Width, w.Height) = (d.Image.Width, d.Image.Height);
            }
            else
            {
                w.Outcome = ImageOutcome.Unreadable;
                w.ImageError = d.Error;
                w.Error = d.Error;
            }
        });

    /// <summary>Each distinct content of the items read, decoded in parallel, before it is known which are new to the gallery.</summary>
    public static Dictionary<string, Decoded> DecodeAhead(ImageDecoder decoder, IReadOnlyList<ImportWork> read, CancellationToken ct)
    {
        var distinct = read.DistinctBy(w => w.Hash).ToList();
        var decoded = new Decoded[distinct.Count];
        Parallel.For(0, distinct.Count, new ParallelOptions { CancellationToken = ct }, i => decoded[i] = DecodeOne(decoder, distinct[i]));
        return distinct.Select((w, i) => (w.Hash!, decoded[i])).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
    }

    private static Decoded DecodeOne(ImageDecoder decoder, ImportWork w)
    {
        try
        {
            return new Decoded(decoder.Decode(w.Bytes!, Path.GetFileName(w.Name)), null);
        }
        catch (ImageDecodeException e)
        {
            return new Decoded(null, e.Message);
        }
    }
}
