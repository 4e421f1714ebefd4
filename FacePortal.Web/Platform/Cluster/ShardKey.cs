using System.Globalization;
using FacePortal.Engine.Recognition;
using FacePortal.Web.Platform.Search;

namespace FacePortal.Web.Platform.Cluster;

/// <summary>
/// Which shard a shard grain is: shard <see cref="Shard"/> of <see cref="Shards"/> of a gallery's descriptors for one
/// pipeline. It is the grain's string key ("gallery/shard/shards/metric/dimensions/signature"), so a shard knows what
/// to load from nothing but its key, on whichever silo it is activated.
/// </summary>
public sealed record ShardKey(int GalleryId, int Shard, int Shards, DistanceMetric Metric, int Dimensions, string Signature)
{
    public static ShardKey For(GallerySearch gallery, int shard, int shards) =>
        new(gallery.GalleryId, shard, shards, gallery.Metric, gallery.Dimensions, gallery.Signature);

    public ShardSlice Slice => new(Shard, Shards);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{GalleryId}/{Shard}/{Shards}/{(int)Metric}/{Dimensions}/{Signature}");

    public static ShardKey Parse(string key)
    {
        var parts = key.Split('/', 6);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{key}' is not a shard key (gallery/shard/shards/metric/dimensions/signature).");
        }
        return new ShardKey(Int(parts[0]), Int(parts[1]), Int(parts[2]), (DistanceMetric)Int(parts[3]), Int(parts[4]), parts[5]);
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
}
