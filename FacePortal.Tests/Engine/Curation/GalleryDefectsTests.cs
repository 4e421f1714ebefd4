using FacePortal.Engine.Curation;

namespace FacePortal.Tests.Engine.Curation;

public class GalleryDefectsTests
{
    [Fact]
    public void EveryFinder_OnACleanGallery_FindsNothing()
    {
        var g = PlantedGallery.Clean();
        var set = g.Set();
        var graph = g.Graph();

        Assert.Empty(GalleryDefects.Zoo(g.Faces, graph, PlantedGallery.Threshold));
        Assert.Empty(GalleryDefects.MixedIdentities(g.Faces, set, PlantedGallery.Threshold));
        Assert.Empty(GalleryDefects.DuplicateNames(g.Faces, set, PlantedGallery.Threshold));
        Assert.Empty(GalleryDefects.SamePhotoConflicts(g.Faces));
        Assert.Empty(GalleryDefects.HarmfulTemplates(g.Faces, set, graph, PlantedGallery.Threshold));
    }

    [Fact]
    public void Zoo_AWolfIdentityNearTwoOthers_IsTheOneListed()
    {
        var g = PlantedGallery.Clean();
        // Identity 99's two faces sit on identities 1 and 2: they match both, far above the gallery's rate.
        g.AddFace(99, g.Centres[0]);
        g.AddFace(99, g.Centres[1]);

        var zoo = GalleryDefects.Zoo(g.Faces, g.Graph(), PlantedGallery.Threshold);

        var wolf = Assert.Single(zoo);
        Assert.Equal(99, wolf.IdentityId);
        Assert.Equal(10, wolf.FalseMatches);
        Assert.NotEmpty(wolf.Evidence);
    }

    [Fact]
    public void MixedIdentities_TwoPeopleUnderOneName_SplitsThemApart()
    {
        var g = PlantedGallery.Clean();
        var a = g.NewCentre();
        var b = g.NewCentre();
        var first = Enumerable.Range(0, 3).Select(_ => g.AddFace(50, a)).ToList();
        var second = Enumerable.Range(0, 3).Select(_ => g.AddFace(50, b)).ToList();

        var mixed = Assert.Single(GalleryDefects.MixedIdentities(g.Faces, g.Set(), PlantedGallery.Threshold));

        Assert.Equal(50, mixed.IdentityId);
        Assert.Equal(2, mixed.Groups.Count);
        Assert.Contains(mixed.Groups, grp => grp.Order().SequenceEqual(first));
        Assert.Contains(mixed.Groups, grp => grp.Order().SequenceEqual(second));
        Assert.True(mixed.Closest.Distance > PlantedGallery.Threshold);
    }

    [Fact]
    public void DuplicateNames_OnePersonUnderTwoNames_IsPaired()
    {
        var g = PlantedGallery.Clean();
        for (var i = 0; i < 4; i++)
        {
            g.AddFace(77, g.Centres[3]); // the same person as identity 4
        }

        var duplicate = Assert.Single(GalleryDefects.DuplicateNames(g.Faces, g.Set(), PlantedGallery.Threshold));

        Assert.Equal((4, 77), (duplicate.IdentityA, duplicate.IdentityB));
        Assert.True(duplicate.CentroidDistance < PlantedGallery.Threshold);
    }

    [Fact]
    public void SamePhotoConflicts_TwoFacesOfOnePhotoWithOneName_AreListed()
    {
        var g = PlantedGallery.Clean();
        var photo = 5000;
        var x = g.AddFace(3, g.Centres[2], image: photo);
        var y = g.AddFace(3, g.NewCentre(), image: photo);
        g.AddFace(4, g.Centres[3], image: photo); // another name on the same photo is fine

        var conflict = Assert.Single(GalleryDefects.SamePhotoConflicts(g.Faces));

        Assert.Equal(photo, conflict.ImageId);
        Assert.Equal([x, y], conflict.Faces);
    }

    [Fact]
    public void HarmfulTemplates_ALowQualityOutlierFace_LowersFnmrWhenRemoved()
    {
        var g = PlantedGallery.Clean();
        var bad = g.AddFace(5, g.NewCentre(), quality: 0.01); // labelled 5 but looks like no one

        var harmful = GalleryDefects.HarmfulTemplates(g.Faces, g.Set(), g.Graph(), PlantedGallery.Threshold, qualityShare: 0.05);

        var h = Assert.Single(harmful);
        Assert.Equal(bad, h.FaceId);
        Assert.True(h.FnmrAfter < h.FnmrBefore);
        Assert.Equal(0, h.FnmrAfter, 12);
    }
}
