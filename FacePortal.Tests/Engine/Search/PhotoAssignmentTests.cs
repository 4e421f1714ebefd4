using FacePortal.Engine.Search;

namespace FacePortal.Tests.Engine.Search;

public sealed class PhotoAssignmentTests
{
    private static IdentityCandidate C(int id, double distance) => new(id, $"id{id}", distance, 1 - distance, id, new string('a', 64));

    [Fact]
    public void Ranks_OneFace_IsItsNearestWithinTheThreshold()
    {
        Assert.Equal([0], PhotoAssignment.Ranks([[C(1, 0.3), C(2, 0.4)]], 0.6));
        Assert.Equal([-1], PhotoAssignment.Ranks([[C(1, 0.7)]], 0.6));
        Assert.Equal([-1], PhotoAssignment.Ranks([[]], 0.6));
    }

    [Fact]
    public void Ranks_TwoFacesWantingOneIdentity_TheNearerKeepsIt()
    {
        var ranks = PhotoAssignment.Ranks([[C(1, 0.45), C(2, 0.5)], [C(1, 0.2), C(3, 0.55)]], 0.6);

        Assert.Equal([1, 0], ranks);
    }

    [Fact]
    public void Ranks_RandomPhotos_NoIdentityTwiceAndEveryFaceGivenUpOnlyForANearerFace()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var faces = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => (IReadOnlyList<IdentityCandidate>)Enumerable.Range(1, 8).OrderBy(_ => random.Next()).Take(random.Next(0, 5))
                    .Select(id => C(id, Math.Round(random.NextDouble(), 2))).OrderBy(c => c.Distance).ToList())
                .ToList();
            var threshold = random.NextDouble();

            var ranks = PhotoAssignment.Ranks(faces, threshold);

            var answers = ranks.Select((r, f) => r < 0 ? null : faces[f][r]).ToList();
            Assert.All(answers.Where(a => a is not null), a => Assert.True(a!.Distance <= threshold));
            var ids = answers.Where(a => a is not null).Select(a => a!.IdentityId).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            for (var f = 0; f < faces.Count; f++)
            {
                // Every candidate nearer than the answer (or any within the threshold when unknown) is held by another
                // face at no greater distance: the face lost it to a nearer claim, never for nothing.
                var limit = ranks[f] < 0 ? faces[f].Count : ranks[f];
                for (var r = 0; r < limit; r++)
                {
                    var c = faces[f][r];
                    if (c.Distance > threshold)
                    {
                        continue;
                    }
                    var holder = answers.Select((a, g) => (a, g)).SingleOrDefault(x => x.g != f && x.a?.IdentityId == c.IdentityId);
                    Assert.NotNull(holder.a);
                    Assert.True(holder.a!.Distance <= c.Distance);
                }
            }
        }
    }
}
