namespace FacePortal.Web.Features.Clusters;

/// <summary>
/// What a cluster action did: its result (the new identity's id, the faces merged, the parts of a split, the new
/// cluster's id) and the activity entry that records it, which undoes it.
/// </summary>
public sealed record ClusterChange(int Result, long ActivityId);
