namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Spreads a gallery's shards over the silos round-robin (shard i on silo (i + gallery) mod n of the compatible silos
/// in address order), so every silo holds its share; the default placement would pile them onto the silo that got
/// the first query.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class ShardPlacement : PlacementStrategy
{
    internal static readonly ShardPlacement Instance = new();
}
