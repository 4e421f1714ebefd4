namespace FacePortal.Web.Platform.Search;

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/>: the identities whose id modulo Count is Index.</summary>
public readonly record struct ShardSlice(int Index, int Count);
