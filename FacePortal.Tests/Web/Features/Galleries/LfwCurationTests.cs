using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>The curation searches on real faces: a small LFW slice analysed by the real engine.</summary>
[Collection(EngineCollection.Name)]
public class LfwCurationTests(EngineFixture engine)
{
    private static readonly string[] People = ["Colin_Powell", "Tony_Blair", "Hugo_Chavez"];

    private static string Lfw(string person, int n) => Path.Combine(RepoPaths.Lfw, "images", person, $"{person}_{n:0000}.jpg");

    [LfwImagesFact]
    public async Task FindMislabelsAsync_PowellFiledUnderBlair_FlaggedAsPowell()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("lfw slice");
        var ids = new Dictionary<string, int>();
        foreach (var person in People)
        {
            ids[person] = await data.AddIdentityAsync(gallery, person);
            for (var n = 1; n <= 4; n++)
            {
                await data.AddAnalyzedImageAsync(engine.Engine, ids[person], Lfw(person, n));
            }
        }
        var planted = await data.AddAnalyzedImageAsync(engine.Engine, ids["Tony_Blair"], Lfw("Colin_Powell", 5));

        var suspects = await data.Curation.FindMislabelsAsync(gallery, CancellationToken.None);

        var flagged = Assert.Single(suspects, s => s.ImageId == planted.Id);
        Assert.Equal(("Tony_Blair", "Colin_Powell"), (flagged.IdentityName, flagged.OtherIdentityName));
        // The planted image is the surest suspect.
        Assert.Equal(planted.Id, suspects[0].ImageId);
    }

    [LfwImagesFact]
    public async Task FindDuplicatesAsync_SameLfwFileInTwoIdentities_ExactPairAndNoNearPairsBetweenPeople()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var gallery = await data.AddGalleryAsync("lfw slice");
        var powell = await data.AddIdentityAsync(gallery, "Colin_Powell");
        var blair = await data.AddIdentityAsync(gallery, "Tony_Blair");
        for (var n = 1; n <= 3; n++)
        {
            await data.AddAnalyzedImageAsync(engine.Engine, powell, Lfw("Colin_Powell", n));
            await data.AddAnalyzedImageAsync(engine.Engine, blair, Lfw("Tony_Blair", n));
        }
        var copy = await data.AddAnalyzedImageAsync(engine.Engine, blair, Lfw("Colin_Powell", 1));

        var pairs = await data.Curation.FindDuplicatesAsync(gallery, CancellationToken.None);

        var exact = Assert.Single(pairs);
        Assert.True(exact.Exact);
        Assert.Equal(copy.Id, exact.ImageB);
        Assert.Equal(("Colin_Powell", "Tony_Blair"), (exact.IdentityNameA, exact.IdentityNameB));
    }
}
