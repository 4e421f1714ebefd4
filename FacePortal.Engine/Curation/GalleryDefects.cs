namespace FacePortal.Engine.Curation;

/// <summary>
/// Finds the defects of a labelled gallery that quietly damage matching, at one distance threshold (the model's
/// operating point). Impostor matches come from the neighbour graph (an index's k-nearest lists), so nothing here
/// compares all faces with all faces; within an identity, comparisons are exact (identities are small).
/// </summary>
public static class GalleryDefects
{
    /// <summary>Identities whose false-match rate is at least <paramref name="factor"/> times the gallery's, with at least <paramref name="minMatches"/> false matches.</summary>
    public static IReadOnlyList<ZooMember> Zoo(IReadOnlyList<CuratedFace> faces, NeighbourGraph graph, double threshold, double factor = 3, int minMatches = 3, int evidence = 5)
    {
        Check(faces, graph.Count);
        var byIdentity = faces.Select((f, i) => (f, i)).GroupBy(x => x.f.IdentityId).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray());
        var matches = new Dictionary<int, List<FacePairEvidence>>();
        long total = 0;
        for (var i = 0; i < faces.Count; i++)
        {
            foreach (var (j, d) in graph.Neighbours(i))
            {
                if (d <= threshold && faces[j].IdentityId != faces[i].IdentityId)
                {
                    if (!matches.TryGetValue(faces[i].IdentityId, out var list))
                    {
                        matches[faces[i].IdentityId] = list = [];
                    }
                    list.Add(new FacePairEvidence(faces[i].FaceId, faces[j].FaceId, d));
                    total++;
                }
            }
        }
        if (total == 0)
        {
            return [];
        }
        // Expected false matches of an identity in proportion to its faces.
        var perFace = (double)total / faces.Count;
        return [.. matches
            .Select(m => (Id: m.Key, Matches: m.Value, Expected: perFace * byIdentity[m.Key].Length))
            .Where(x => x.Matches.Count >= minMatches && x.Matches.Count >= factor * x.Expected)
            .Select(x => new ZooMember(x.Id, byIdentity[x.Id].Length, x.Matches.Count, x.Matches.Count / x.Expected,
                [.. x.Matches.OrderBy(e => e.Distance).Take(evidence)]))
            .OrderByDescending(z => z.Factor)];
    }

    /// <summary>Identities of at least <paramref name="minFaces"/> faces whose faces split into groups of at least <paramref name="minGroup"/> that do not link within the threshold.</summary>
    public static IReadOnlyList<MixedIdentity> MixedIdentities(IReadOnlyList<CuratedFace> faces, DescriptorSet set, double threshold, int minFaces = 4, int minGroup = 2)
    {
        Check(faces, set.Count);
        var found = new List<MixedIdentity>();
        foreach (var identity in faces.Select((f, i) => (f, i)).GroupBy(x => x.f.IdentityId))
        {
            var rows = identity.Select(x => x.i).ToArray();
            if (rows.Length < minFaces)
            {
                continue;
            }
            // Connected components of the identity's own faces linked within the threshold (union-find).
            var parent = Enumerable.Range(0, rows.Length).ToArray();
            int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
            for (var a = 0; a < rows.Length; a++)
            {
                for (var b = a + 1; b < rows.Length; b++)
                {
                    if (set.Distance(rows[a], rows[b]) <= threshold)
                    {
                        parent[Find(a)] = Find(b);
                    }
                }
            }
            var groups = Enumerable.Range(0, rows.Length).GroupBy(Find).Select(g => g.ToArray())
                .OrderByDescending(g => g.Length).ToList();
            if (groups.Count < 2 || groups[1].Length < minGroup)
            {
                continue;
            }
            var closest = new FacePairEvidence(-1, -1, double.PositiveInfinity);
            foreach (var a in groups[0])
            {
                foreach (var b in groups[1])
                {
                    var d = set.Distance(rows[a], rows[b]);
                    if (d < closest.Distance)
                    {
                        closest = new FacePairEvidence(faces[rows[a]].FaceId, faces[rows[b]].FaceId, d);
                    }
                }
            }
            found.Add(new MixedIdentity(identity.Key,
                [.. groups.Select(g => (IReadOnlyList<int>)[.. g.Select(x => faces[rows[x]].FaceId)])], closest));
        }
        return found;
    }

    /// <summary>Pairs of identities whose centroids lie within the threshold, closest first.</summary>
    public static IReadOnlyList<DuplicateName> DuplicateNames(IReadOnlyList<CuratedFace> faces, DescriptorSet set, double threshold, CancellationToken cancellationToken = default)
    {
        Check(faces, set.Count);
        var identities = faces.Select((f, i) => (f, i)).GroupBy(x => x.f.IdentityId)
            .Select(g => (Id: g.Key, Rows: g.Select(x => x.i).ToArray())).OrderBy(g => g.Id).ToArray();
        var centroids = DescriptorSet.From([.. identities.Select(g => set.Mean(g.Rows))], set.Metric);
        var found = new System.Collections.Concurrent.ConcurrentBag<DuplicateName>();
        Parallel.For(0, identities.Length, new ParallelOptions { CancellationToken = cancellationToken }, a =>
        {
            for (var b = a + 1; b < identities.Length; b++)
            {
                var d = centroids.Distance(a, b);
                if (d > threshold)
                {
                    continue;
                }
                var closest = new FacePairEvidence(-1, -1, double.PositiveInfinity);
                foreach (var ra in identities[a].Rows)
                {
                    foreach (var rb in identities[b].Rows)
                    {
                        var fd = set.Distance(ra, rb);
                        if (fd < closest.Distance)
                        {
                            closest = new FacePairEvidence(faces[ra].FaceId, faces[rb].FaceId, fd);
                        }
                    }
                }
                found.Add(new DuplicateName(identities[a].Id, identities[b].Id, d, closest));
            }
        });
        return [.. found.OrderBy(x => x.CentroidDistance).ThenBy(x => x.IdentityA).ThenBy(x => x.IdentityB)];
    }

    /// <summary>Photos in which two or more faces carry the same identity.</summary>
    public static IReadOnlyList<SamePhotoConflict> SamePhotoConflicts(IReadOnlyList<CuratedFace> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        return [.. faces.GroupBy(f => (f.ImageId, f.IdentityId)).Where(g => g.Count() > 1)
            .Select(g => new SamePhotoConflict(g.Key.ImageId, g.Key.IdentityId, [.. g.Select(f => f.FaceId).Order()]))
            .OrderBy(c => c.ImageId)];
    }

    /// <summary>
    /// Faces in the lowest <paramref name="qualityShare"/> of qualities whose removal lowers their identity's FNMR
    /// at the threshold, or that make false matches in the graph.
    /// </summary>
    public static IReadOnlyList<HarmfulTemplate> HarmfulTemplates(IReadOnlyList<CuratedFace> faces, DescriptorSet set, NeighbourGraph graph, double threshold, double qualityShare = 0.1)
    {
        Check(faces, set.Count);
        var known = faces.Select(f => f.Quality).Where(q => !double.IsNaN(q)).Order().ToArray();
        if (known.Length == 0)
        {
            return [];
        }
        var cut = known[Math.Clamp((int)Math.Floor(qualityShare * known.Length), 0, known.Length - 1)];
        var found = new List<HarmfulTemplate>();
        foreach (var identity in faces.Select((f, i) => (f, i)).GroupBy(x => x.f.IdentityId))
        {
            var rows = identity.Select(x => x.i).ToArray();
            foreach (var r in rows.Where(r => !double.IsNaN(faces[r].Quality) && faces[r].Quality <= cut))
            {
                int rejected = 0, genuine = 0, rejectedWithout = 0, genuineWithout = 0;
                for (var a = 0; a < rows.Length; a++)
                {
                    for (var b = a + 1; b < rows.Length; b++)
                    {
                        var reject = set.Distance(rows[a], rows[b]) > threshold ? 1 : 0;
                        genuine++;
                        rejected += reject;
                        if (rows[a] != r && rows[b] != r)
                        {
                            genuineWithout++;
                            rejectedWithout += reject;
                        }
                    }
                }
                var before = genuine == 0 ? 0 : (double)rejected / genuine;
                var after = genuineWithout == 0 ? 0 : (double)rejectedWithout / genuineWithout;
                var falseMatches = graph.Neighbours(r).Count(n => n.Distance <= threshold && faces[n.Node].IdentityId != faces[r].IdentityId);
                if (after < before || falseMatches > 0)
                {
                    found.Add(new HarmfulTemplate(faces[r].FaceId, faces[r].IdentityId, faces[r].Quality, before, after, falseMatches));
                }
            }
        }
        return [.. found.OrderByDescending(h => (h.FnmrBefore - h.FnmrAfter) + h.FalseMatches)];
    }

    private static void Check(IReadOnlyList<CuratedFace> faces, int rows)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (faces.Count != rows)
        {
            throw new ArgumentException($"{faces.Count} faces but {rows} descriptor rows");
        }
    }
}
