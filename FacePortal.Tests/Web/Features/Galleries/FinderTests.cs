using FacePortal.Engine.Recognition;
using FacePortal.Web.Features.Galleries;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>The duplicate and mislabel searches on hand-made descriptors whose answers are known.</summary>
public class FinderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Three well-separated people in 4-d, each image a small offset from its person's point.
    private static readonly float[] Ann = [1, 0, 0, 0];
    private static readonly float[] Bob = [0, 1, 0, 0];
    private static readonly float[] Cat = [0, 0, 1, 0];

    private static float[] Near(float[] person, float dx, float dy = 0) => [person[0] + dx, person[1] + dy, person[2], person[3] + 0.05f];

    private static List<DescriptorPoint> CleanSet() =>
    [
        new(1, 10, Near(Ann, 0.05f)), new(2, 10, Near(Ann, -0.05f)), new(3, 10, Near(Ann, 0, 0.06f)),
        new(4, 20, Near(Bob, 0.04f)), new(5, 20, Near(Bob, -0.06f)), new(6, 20, Near(Bob, 0, -0.05f)),
        new(7, 30, Near(Cat, 0.05f)), new(8, 30, Near(Cat, -0.05f)),
    ];

    [Fact]
    public void MislabelFinder_CleanSet_FlagsNothing()
    {
        Assert.Empty(MislabelFinder.Find(CleanSet(), DistanceMetric.Euclidean, None));
    }

    [Fact]
    public void MislabelFinder_BobFiledUnderAnn_FlaggedWithBothIdentities()
    {
        var points = CleanSet();
        // Image 9 is Bob's face filed under Ann.
        points.Add(new DescriptorPoint(9, 10, Near(Bob, 0.02f)));

        var suspect = Assert.Single(MislabelFinder.Find(points, DistanceMetric.Euclidean, None));

        Assert.Equal((9, 10, 20), (suspect.ImageId, suspect.IdentityId, suspect.OtherIdentityId));
        Assert.True(suspect.OtherDistance < suspect.OwnDistance);
        Assert.True(suspect.Margin > 1, $"margin {suspect.Margin}");
    }

    [Fact]
    public void MislabelFinder_OwnCentroidLeavesTheImageOut_FlagsWhenOnlyItsOwnPullWouldHideIt()
    {
        // Ann has two images: a real one and Bob's face. With the suspect in Ann's centroid the centroid would sit
        // halfway and Bob's face would look equally close to both; without it the own centroid is Ann's image alone.
        List<DescriptorPoint> points =
        [
            new(1, 10, Ann), new(2, 10, Near(Bob, 0)),
            new(3, 20, Bob), new(4, 20, Near(Bob, 0.1f)),
        ];

        var suspects = MislabelFinder.Find(points, DistanceMetric.Euclidean, None);

        Assert.Contains(suspects, s => s.ImageId == 2 && s.OtherIdentityId == 20);
    }

    [Fact]
    public void MislabelFinder_SingleImageIdentity_NeverFlagged()
    {
        // Identity 40 has one image that looks like Ann: with no centroid of its own it cannot be judged.
        var points = CleanSet();
        points.Add(new DescriptorPoint(9, 40, Near(Ann, 0.01f)));

        Assert.DoesNotContain(MislabelFinder.Find(points, DistanceMetric.Euclidean, None), s => s.ImageId == 9);
    }

    [Fact]
    public void MislabelFinder_CosineMetric_FlagsTheSameImage()
    {
        var points = CleanSet();
        points.Add(new DescriptorPoint(9, 10, Near(Bob, 0.02f)));

        Assert.Equal([9], MislabelFinder.Find(points, DistanceMetric.Cosine, None).Select(s => s.ImageId));
    }

    [Fact]
    public void DuplicateFinder_Exact_PairsEveryCopyWithTheFirst()
    {
        List<HashedImage> images = [new(1, 10, "aa"), new(2, 20, "bb"), new(3, 30, "aa"), new(4, 10, "aa"), new(5, 10, "cc")];

        var pairs = DuplicateFinder.Exact(images);

        Assert.Equal([(1, 3), (1, 4)], pairs.Select(p => (p.ImageA, p.ImageB)).Order());
        Assert.All(pairs, p => Assert.True(p.Exact));
        Assert.Contains(pairs, p => p is { ImageB: 3, SameIdentity: false });
        Assert.Contains(pairs, p => p is { ImageB: 4, SameIdentity: true });
    }

    [Fact]
    public void DuplicateFinder_Near_FindsPairsBelowThresholdWithinAndAcrossIdentities()
    {
        List<DescriptorPoint> points =
        [
            new(1, 10, Ann), new(2, 10, Near(Ann, 0.1f)), // same identity, 0.11 apart
            new(3, 20, Bob), new(4, 30, Near(Bob, 0, 0.2f)), // different identities, ~0.21 apart
            new(5, 30, Cat),
        ];

        var pairs = DuplicateFinder.Near(points, 0.25, DistanceMetric.Euclidean, None);

        Assert.Equal([(1, 2), (3, 4)], pairs.Select(p => (p.ImageA, p.ImageB)).Order());
        Assert.All(pairs, p => Assert.InRange(p.Distance, 0.1, 0.25));
        Assert.Empty(DuplicateFinder.Near(points, 0.05, DistanceMetric.Euclidean, None));
    }

    [Fact]
    public void DuplicateFinder_Find_ExactPairsNotRepeatedAsNearAndNearSortedByDistance()
    {
        List<HashedImage> hashes = [new(1, 10, "aa"), new(2, 10, "aa"), new(3, 20, "bb"), new(4, 30, "cc"), new(5, 30, "dd")];
        List<DescriptorPoint> points =
        [
            new(1, 10, Ann), new(2, 10, Ann),
            new(3, 20, Bob), new(4, 30, Near(Bob, 0.2f)), new(5, 30, Near(Bob, 0.05f)),
        ];

        var pairs = DuplicateFinder.Find(hashes, points, 0.25, DistanceMetric.Euclidean, 100, None);

        Assert.Equal([(1, 2, true), (3, 5, false), (4, 5, false), (3, 4, false)], pairs.Select(p => (p.ImageA, p.ImageB, p.Exact)));
    }
}
