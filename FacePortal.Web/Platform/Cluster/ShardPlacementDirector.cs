using Orleans.Runtime.Placement;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>Places a shard by its number (see <see cref="ShardPlacement"/>); anything else keyed otherwise goes to a random silo.</summary>
internal sealed class ShardPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var key = target.GrainIdentity.Key.ToString();
        var slot = key is not null && TryParse(key) is { } shard ? shard.Shard + shard.GalleryId : Random.Shared.Next();
        return Task.FromResult(silos[(int)((uint)slot % (uint)silos.Length)]);
    }

    private static ShardKey? TryParse(string key)
    {
        try
        {
            return ShardKey.Parse(key);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
