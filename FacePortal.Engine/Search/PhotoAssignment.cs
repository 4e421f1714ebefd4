namespace FacePortal.Engine.Search;

/// <summary>
/// One photo's faces answered together: two faces of one photo are two people, so no identity is given to more than
/// one of them. Greedy over every (face, candidate) pair within the threshold, nearest first: the face that is nearer
/// to an identity keeps it, the other falls back to its next candidate within the threshold, or to unknown.
/// </summary>
public static class PhotoAssignment
{
    /// <summary>For each face, the rank (0-based) in its candidate list it answers with, or -1 for unknown.</summary>
    public static int[] Ranks(IReadOnlyList<IReadOnlyList<IdentityCandidate>> faces, double threshold)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var pairs = new List<(double Distance, int Face, int Rank)>();
        for (var f = 0; f < faces.Count; f++)
        {
            for (var r = 0; r < faces[f].Count; r++)
            {
                if (faces[f][r].Distance <= threshold)
                {
                    pairs.Add((faces[f][r].Distance, f, r));
                }
            }
        }
        // Ties broken by face then rank so that the answer does not depend on the sort's stability.
        pairs.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Face != b.Face ? a.Face.CompareTo(b.Face) : a.Rank.CompareTo(b.Rank));
        var ranks = Enumerable.Repeat(-1, faces.Count).ToArray();
        var taken = new HashSet<int>();
        foreach (var (_, face, rank) in pairs)
        {
            if (ranks[face] < 0 && !taken.Contains(faces[face][rank].IdentityId))
            {
                ranks[face] = rank;
                taken.Add(faces[face][rank].IdentityId);
            }
        }
        return ranks;
    }
}
