using FacePortal.Web.Features.Galleries;

namespace FacePortal.Web.Features.Imports.Processing;

/// <summary>Keeps the chips the engine embedded, so crops are served as computed here instead of being aligned again.</summary>
internal sealed class ImportChips(FaceCrops crops, ILogger logger)
{
    public async Task KeepAsync(IReadOnlyList<ImportWork> decoded, CancellationToken ct)
    {
        var chips = decoded.Where(w => w.Faces is not null)
            .SelectMany(w => w.Faces!.Faces.Select((f, index) => (Hash: w.Hash!, Index: index, f.Chip)))
            .Where(c => c.Chip is not null).ToList();
        try
        {
            await Parallel.ForEachAsync(chips, ct, async (c, token) => await crops.SaveAsync(c.Hash, c.Index, c.Chip!, token));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: a crop missing on disk is made from the stored landmarks when first asked for.
            logger.LogWarning(e, "Could not keep the aligned chips of a batch of {Count} images", decoded.Count);
        }
    }
}
