using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class TagRatesTests
{
    [Fact]
    public void AtThreshold_HandWorkedPairs_CountsEachTagsGenuinesAndSameGroupImpostors()
    {
        // Identities 1, 2 tagged "glasses"; 2, 3 tagged "Outdoor" (and 3 "outdoor" again in another case); 4 untagged.
        var tagsOf = new Dictionary<int, IReadOnlyCollection<string>>
        {
            [1] = ["glasses"],
            [2] = ["Glasses", "outdoor"],
            [3] = ["Outdoor", "OUTDOOR"],
            [4] = [],
        };
        IdentityPairScore[] pairs =
        [
            new(0.9, true, 1, 1),   // glasses genuine, accepted
            new(0.1, true, 1, 1),   // glasses genuine, rejected
            new(0.5, true, 2, 2),   // glasses + outdoor genuine, accepted (score = threshold)
            new(0.7, false, 1, 2),  // glasses impostor, accepted
            new(0.2, false, 2, 3),  // outdoor impostor, rejected
            new(0.8, false, 1, 3),  // mixed groups: counted for neither tag
            new(0.3, true, 3, 3),   // outdoor genuine, rejected
            new(0.9, false, 4, 1),  // untagged side: counted for neither
        ];

        var rows = TagRates.AtThreshold(pairs, tagsOf, threshold: 0.5);

        Assert.Equal(["glasses", "outdoor"], rows.Select(r => r.Tag.ToLowerInvariant()));
        var glasses = rows[0];
        Assert.Equal((2, 3, 1, 1, 1), (glasses.Identities, glasses.Genuine, glasses.FalseRejects, glasses.Impostors, glasses.FalseAccepts));
        Assert.Equal(1.0 / 3, glasses.Frr.Rate, 12);
        Assert.Equal(1.0, glasses.Far.Rate, 12);
        var outdoor = rows[1];
        Assert.Equal((2, 2, 1, 1, 0), (outdoor.Identities, outdoor.Genuine, outdoor.FalseRejects, outdoor.Impostors, outdoor.FalseAccepts));
        Assert.Equal(0.5, outdoor.Frr.Rate, 12);
        Assert.Equal(0.0, outdoor.Far.Rate, 12);
        Assert.Equal(RateInterval.Wilson(1, 2), outdoor.Frr);
    }

    [Fact]
    public void AtThreshold_NoTags_GivesNoRows()
    {
        var rows = TagRates.AtThreshold([new IdentityPairScore(1, true, 1, 1)], new Dictionary<int, IReadOnlyCollection<string>> { [1] = [] }, 0);

        Assert.Empty(rows);
    }
}
