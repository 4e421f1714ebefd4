using FacePortal.Web.Features.Imports.Sources;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>Reads a batch's files from the source and hashes what was read (once, in parallel).</summary>
internal static class ImportReader
{
    /// <returns>The items whose bytes could be read; the others carry their error.</returns>
    public static List<ImportWork> ReadAndHash(IImportSource source, IReadOnlyList<ImportWork> work, CancellationToken ct)
    {
        foreach (var w in work)
        {
            try
            {
                w.Bytes = source.Read(w.Item.Source, w.Extra, ct);
            }
            catch (ImportItemException e)
            {
                w.Error = e.Message;
            }
        }
        var read = work.Where(w => w.Bytes is not null).ToList();
        Parallel.ForEach(read, new ParallelOptions { CancellationToken = ct }, w => w.Content = ImageContent.Of(w.Bytes!));
        return read;
    }
}
