using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Evaluation;

public class LfwPairsParserTests
{
    private static string LfwDir => Path.Combine(RepoPaths.Shared, "datasets", "lfw");

    [LfwFact]
    public void Load_SharedPairsTxt_6000PairsIn10FoldsOf300Same300Different()
    {
        var file = Path.Combine(LfwDir, "pairs.txt");
        var pairs = PairsFile.Load(file);

        Assert.Equal(6000, pairs.Count);
        Assert.Equal(3000, pairs.Count(p => p.Same));
        Assert.Equal(Enumerable.Range(0, 10), pairs.Select(p => p.Fold).Distinct().Order());
        Assert.All(pairs.GroupBy(p => p.Fold), g => Assert.Equal((300, 300), (g.Count(p => p.Same), g.Count(p => !p.Same))));
        // First line of the file after the header: "Abel_Pacheco	1	4".
        Assert.Equal(new VerificationPair("Abel_Pacheco/Abel_Pacheco_0001.jpg", "Abel_Pacheco/Abel_Pacheco_0004.jpg", true, 0), pairs[0]);
        Assert.All(pairs.Where(p => p.Same), p => Assert.Equal(p.PathA.Split('/')[0], p.PathB.Split('/')[0]));
        Assert.All(pairs.Where(p => !p.Same), p => Assert.NotEqual(p.PathA.Split('/')[0], p.PathB.Split('/')[0]));

        // The paths name real files (a sample: every 97th pair).
        var images = Path.Combine(LfwDir, "images");
        var missing = pairs.Where((_, i) => i % 97 == 0).SelectMany(p => new[] { p.PathA, p.PathB })
            .Where(p => !File.Exists(Path.Combine(images, p))).ToList();
        Assert.Empty(missing);
    }

    [LfwFact]
    public void Load_SharedPairsDevTrain_OneFoldOf1100Same1100Different()
    {
        var file = Path.Combine(LfwDir, "pairsDevTrain.txt");
        var pairs = LfwPairsParser.Load(file);
        Assert.Equal(2200, pairs.Count);
        Assert.Equal(1100, pairs.Count(p => p.Same));
        Assert.All(pairs, p => Assert.Equal(0, p.Fold));
        Assert.Equal(PairsFileFormat.Lfw, PairsFile.DetectFormat(File.ReadAllText(file)));
    }

    [Fact]
    public void Parse_TwoFoldsOfOne_PathsFoldsAndLabels()
    {
        var pairs = LfwPairsParser.Parse("2\t1\nAnn\t1\t12\nAnn\t3\tBob\t2\r\nCid\t7\t10\nDan\t1\tEve\t1234\n\n");
        Assert.Equal(
            [
                new VerificationPair("Ann/Ann_0001.jpg", "Ann/Ann_0012.jpg", true, 0),
                new VerificationPair("Ann/Ann_0003.jpg", "Bob/Bob_0002.jpg", false, 0),
                new VerificationPair("Cid/Cid_0007.jpg", "Cid/Cid_0010.jpg", true, 1),
                new VerificationPair("Dan/Dan_0001.jpg", "Eve/Eve_1234.jpg", false, 1),
            ],
            pairs);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("10 300 7\nA\t1\t2\n", 1, "bad header")]
    [InlineData("x\n", 1, "bad header")]
    [InlineData("1\t1\nA\t1\t2\n", 2, "file ends after 1 pair lines")]
    [InlineData("1\nA\t1\t2\nB\t1\tC\t1\nD\t1\t2\n", 4, "too many pair lines")]
    [InlineData("1\nA\t1\tB\t2\nC\t1\t2\n", 2, "different-person line")]
    [InlineData("1\nA\t1\t2\nC\t1\t2\n", 3, "same-person line")]
    [InlineData("1\nA\t1\t2\t3\t4\nC\t1\tD\t2\n", 2, "expected 3 fields")]
    [InlineData("1\nA\tone\t2\nC\t1\tD\t2\n", 2, "image index 'one'")]
    [InlineData("1\n\nA\t1\t2\nC\t1\tD\t0\n", 4, "image index '0'")]
    [InlineData("1\n../x\t1\t2\nC\t1\tD\t2\n", 2, "path separators")]
    public void Parse_Malformed_ThrowsWithLineNumber(string text, int line, string fragment)
    {
        var e = Assert.Throws<PairsFormatException>(() => LfwPairsParser.Parse(text, "p.txt"));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(fragment, e.Message);
        Assert.StartsWith($"p.txt:{line}: ", e.Message);
    }
}
