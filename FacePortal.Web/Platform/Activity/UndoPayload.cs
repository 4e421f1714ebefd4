using System.Text.Json;

namespace FacePortal.Web.Platform.Activity;

/// <summary>
/// What an activity entry needs to be reversed, stored as JSON beside it. Each part is null when the action did not
/// touch it; an entry without a payload cannot be undone (deletes: the rows and files are gone).
/// </summary>
public sealed record UndoPayload
{
    /// <summary>Image id to the identity it was filed under before (move, merge, split).</summary>
    public Dictionary<int, int>? PreviousIdentity { get; init; }

    /// <summary>Image id to its excluded flag before (exclude, include).</summary>
    public Dictionary<int, bool>? PreviousExcluded { get; init; }

    /// <summary>Identity id to its name before (rename).</summary>
    public Dictionary<int, string>? PreviousName { get; init; }

    /// <summary>Identity id to its tags before (merge unites the tags of both).</summary>
    public Dictionary<int, List<string>>? PreviousTags { get; init; }

    /// <summary>An identity the action deleted (merge source): recreated with the same id on undo.</summary>
    public RemovedIdentity? Removed { get; init; }

    /// <summary>An identity the action created (split): deleted on undo once its images have gone back.</summary>
    public int? CreatedIdentityId { get; init; }

    /// <summary>Face cluster id to its members before (split, face moved out): put back on undo.</summary>
    public Dictionary<int, List<int>>? PreviousClusterMembers { get; init; }

    /// <summary>Face clusters the action created (split parts, a face moved out): deleted on undo.</summary>
    public List<int>? CreatedClusters { get; init; }

    /// <summary>Suggestion rejections the action stored ("is this X?" - no): deleted on undo, so the question can come back.</summary>
    public List<int>? CreatedRejections { get; init; }

    public sealed record RemovedIdentity(int Id, string Name, List<string> Tags, DateTimeOffset CreatedAt);

    /// <summary>The images the action changed.</summary>
    public IEnumerable<int> Images() => (PreviousIdentity?.Keys ?? Enumerable.Empty<int>()).Concat(PreviousExcluded?.Keys ?? Enumerable.Empty<int>()).Distinct();

    /// <summary>The identities the action changed (renamed, retagged, removed or created).</summary>
    public IEnumerable<int> Identities() => (PreviousName?.Keys ?? Enumerable.Empty<int>())
        .Concat(PreviousTags?.Keys ?? Enumerable.Empty<int>())
        .Concat(Removed is { } r ? [r.Id] : [])
        .Concat(CreatedIdentityId is { } c ? [c] : [])
        .Distinct();

    /// <summary>The face clusters the action changed or created (split, face moved out).</summary>
    public IEnumerable<int> Clusters() => (PreviousClusterMembers?.Keys ?? Enumerable.Empty<int>()).Concat(CreatedClusters ?? []).Distinct();

    public string ToJson() => JsonSerializer.Serialize(this);

    public static UndoPayload? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<UndoPayload>(json);
}
