using System.Diagnostics;
using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class PairSetGeneratorTests
{
    private static PairSetGenerator.Options Options(NegativeSampling sampling, string? prefix = null, int positives = 1000, int? negatives = 1000, int folds = 2, int seed = 3) =>
        new(positives, negatives, folds, seed, int.MaxValue, 1, sampling, false, TagPrefix: prefix);

    /// <summary>
    /// 12 identities of 4 images. Identities 0-5 carry "sex:f" and 6-11 "sex:m" as identity tags, except identity 11,
    /// whose images alone carry "sex:F" (an image tag, in another case: it must count all the same).
    /// </summary>
    private static List<PairSourceImage> Sexed()
    {
        var images = new List<PairSourceImage>();
        var id = 1;
        for (var person = 0; person < 12; person++)
        {
            for (var k = 0; k < 4; k++)
            {
                IReadOnlyList<string> tags = person switch
                {
                    11 => ["sex:F", "outdoor"],
                    < 6 => ["sex:f"],
                    _ => ["sex:m"],
                };
                images.Add(new PairSourceImage(id++, 100 + person, null, tags));
            }
        }
        return images;
    }

    private static string SexOf(int identity) => identity - 100 is var p && (p < 6 || p == 11) ? "f" : "m";

    [Fact]
    public void Generate_Matched_EveryImpostorSharesTheTagValue_ImageTagsCount()
    {
        var images = Sexed();
        var identityOf = images.ToDictionary(i => i.ImageId, i => i.IdentityId);

        var pairs = PairSetGenerator.Generate(images, Options(NegativeSampling.Matched, "sex:"));

        var impostors = pairs.Where(p => !p.Same).ToList();
        Assert.NotEmpty(impostors);
        Assert.All(impostors, p =>
        {
            Assert.NotEqual(identityOf[p.ImageA], identityOf[p.ImageB]);
            Assert.Equal(SexOf(identityOf[p.ImageA]), SexOf(identityOf[p.ImageB]));
        });
        // Identity 11 (tagged on its images only) is drawn, and only with women.
        Assert.Contains(impostors, p => identityOf[p.ImageA] == 111 || identityOf[p.ImageB] == 111);
        Assert.All(pairs.Where(p => p.Same), p => Assert.Equal(identityOf[p.ImageA], identityOf[p.ImageB]));
    }

    [Fact]
    public void Generate_Random_DrawsAcrossTagValues()
    {
        var images = Sexed();
        var identityOf = images.ToDictionary(i => i.ImageId, i => i.IdentityId);

        var pairs = PairSetGenerator.Generate(images, Options(NegativeSampling.Random));

        // The contrast that makes the matched test mean something: random impostors mix the sexes.
        Assert.Contains(pairs, p => !p.Same && SexOf(identityOf[p.ImageA]) != SexOf(identityOf[p.ImageB]));
    }

    [Fact]
    public void Generate_MatchedAndRelated_SameSeedSameSet_OtherSeedDiffers()
    {
        var images = Sexed();
        foreach (var options in new[] { Options(NegativeSampling.Matched, "sex:", negatives: 40), Options(NegativeSampling.Related, "sex:", negatives: 40) })
        {
            var a = PairSetGenerator.Generate(images, options);
            var b = PairSetGenerator.Generate(images, options);
            var c = PairSetGenerator.Generate(images, options with { Seed = options.Seed + 1 });
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }
    }

    [Fact]
    public void Generate_MatchedWithoutPrefix_SaysWhatIsMissing()
    {
        var e = Assert.Throws<PairSetGenerationException>(() => PairSetGenerator.Generate(Sexed(), Options(NegativeSampling.Matched)));
        Assert.Contains("tag prefix", e.Message);
    }

    /// <summary>
    /// Four families of three identities (family tags on the identities, and for family "d" on the images only),
    /// plus four identities without a family; three images each.
    /// </summary>
    private static List<PairSourceImage> Families()
    {
        var images = new List<PairSourceImage>();
        var id = 1;
        for (var person = 0; person < 16; person++)
        {
            string? family = person < 12 ? ((char)('a' + (person / 3))).ToString() : null;
            for (var k = 0; k < 3; k++)
            {
                IReadOnlyList<string> tags = family is null ? ["age:30"] : family == "d" ? [$"Family:D"] : [$"family:{family}", "sex:m"];
                images.Add(new PairSourceImage(id++, 200 + person, null, tags));
            }
        }
        return images;
    }

    private static string? FamilyOf(int identity) => identity - 200 is var p && p < 12 ? ((char)('a' + (p / 3))).ToString() : null;

    [Fact]
    public void Generate_Related_ImpostorsWithinFamilies_FamilyInOneFold_NeverPositives()
    {
        var images = Families();
        var identityOf = images.ToDictionary(i => i.ImageId, i => i.IdentityId);

        var pairs = PairSetGenerator.Generate(images, Options(NegativeSampling.Related, folds: 2));

        var impostors = pairs.Where(p => !p.Same).ToList();
        Assert.NotEmpty(impostors);
        Assert.All(impostors, p =>
        {
            Assert.NotEqual(identityOf[p.ImageA], identityOf[p.ImageB]);
            Assert.NotNull(FamilyOf(identityOf[p.ImageA]));
            Assert.Equal(FamilyOf(identityOf[p.ImageA]), FamilyOf(identityOf[p.ImageB]));
        });
        // Every family with impostors, family "d" (image tags, other case) included.
        Assert.Equal(["a", "b", "c", "d"], impostors.Select(p => FamilyOf(identityOf[p.ImageA])!).Distinct().Order());
        // Members of one family are never each other's positives; a family lives in one fold.
        Assert.All(pairs.Where(p => p.Same), p => Assert.Equal(identityOf[p.ImageA], identityOf[p.ImageB]));
        var foldsOfFamily = pairs.SelectMany(p => new[] { (identityOf[p.ImageA], p.Fold), (identityOf[p.ImageB], p.Fold) })
            .Where(x => FamilyOf(x.Item1) is not null).GroupBy(x => FamilyOf(x.Item1)).ToDictionary(g => g.Key!, g => g.Select(x => x.Fold).Distinct().Count());
        Assert.All(foldsOfFamily.Values, n => Assert.Equal(1, n));
        // Three identities of three images per family: 3 x 9 = 27 impostor pairs each, 108 in all; no more are drawn.
        Assert.Equal(108, PairSetGenerator.Capacity(images, Options(NegativeSampling.Related)).Impostor);
        Assert.True(impostors.Count <= 108);
        Assert.Equal(impostors.Count, impostors.Distinct().Count());
    }

    [Fact]
    public void Capacity_HandWorked()
    {
        // Identities of 3, 2 and 1 images: genuine 3 + 1; impostor 3x2 + 3x1 + 2x1 = 11; all-vs-all 15.
        PairSourceImage[] images = [new(1, 1), new(2, 1), new(3, 1), new(4, 2), new(5, 2), new(6, 3)];

        var capacity = PairSetGenerator.Capacity(images, Options(NegativeSampling.Random, folds: 1));

        Assert.Equal(new PairSetCapacity(4, 11, 15), capacity);
        Assert.Equal(2, PairSetGenerator.Capacity(images, Options(NegativeSampling.Random, folds: 1) with { MaxPairsPerIdentity = 1 }).Genuine);
    }

    [Fact]
    public void Generate_CountsFarAboveTheGallery_GivesWhatThereIsQuickly()
    {
        // 40 identities of 5 images: at most 10 genuine pairs each.
        var images = Enumerable.Range(0, 200).Select(i => new PairSourceImage(i + 1, i / 5)).ToList();
        var clock = Stopwatch.StartNew();

        var pairs = PairSetGenerator.Generate(images, Options(NegativeSampling.Random, positives: int.MaxValue, negatives: int.MaxValue, folds: 2));

        Assert.Equal(400, pairs.Count(p => p.Same));
        Assert.InRange(pairs.Count(p => !p.Same), 1, PairSetGenerator.Capacity(images, Options(NegativeSampling.Random)).Impostor);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Generate_HugeRequestCancelled_StopsQuickly()
    {
        // 400 identities of 150 images: millions of candidate pairs, and quotas of int.MaxValue that only the
        // cancellation token stops before the attempt budgets run out.
        var images = Enumerable.Range(0, 60_000).Select(i => new PairSourceImage(i + 1, i / 150)).ToList();
        foreach (var sampling in new[] { NegativeSampling.Random, NegativeSampling.Matched })
        {
            List<PairSourceImage> tagged = sampling == NegativeSampling.Matched ? [.. images.Select(i => i with { Tags = ["sex:" + (i.IdentityId % 2)] })] : images;
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var clock = Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() =>
                PairSetGenerator.Generate(tagged, Options(sampling, "sex:", positives: int.MaxValue, negatives: int.MaxValue, folds: 1), cts.Token));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{sampling}: cancellation took {clock.Elapsed}");
        }
    }

    [Fact]
    public void Generate_BillionsOfFolds_RefusedBeforeAnyFoldIsMade()
    {
        var e = Assert.Throws<PairSetGenerationException>(() => PairSetGenerator.Generate(Sexed(), Options(NegativeSampling.Random, folds: int.MaxValue)));
        Assert.Contains("4294967294 identities", e.Message);
        Assert.Throws<PairSetGenerationException>(() => PairSetGenerator.Capacity(Sexed(), Options(NegativeSampling.Random, folds: int.MaxValue)));
    }

    [Fact]
    public void Generate_AlreadyCancelled_DrawsNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PairSetGenerator.Generate(Sexed(), Options(NegativeSampling.Random) with { AllVsAll = true }, cts.Token));
    }
}
