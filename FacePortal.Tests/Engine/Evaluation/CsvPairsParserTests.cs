using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class CsvPairsParserTests
{
    [Fact]
    public void Parse_HeaderFoldColumnQuotesAndBackslashes_Normalised()
    {
        var text = "pathA,pathB,label,fold\n" +
                   "a/1.jpg, b/2.jpg ,1,3\r\n" +
                   "# a comment\n" +
                   "\"c,d/3.jpg\",\"e\\\\\"\"q\"\"/./4.jpg\",0,0\n";
        var pairs = CsvPairsParser.Parse(text);
        Assert.Equal(
            [new VerificationPair("a/1.jpg", "b/2.jpg", true, 3), new VerificationPair("c,d/3.jpg", "e/\"q\"/4.jpg", false, 0)],
            pairs);
    }

    [Fact]
    public void Parse_NoHeaderNoFold_StratifiedRoundRobinFolds()
    {
        // Same pairs in file order get folds 0, 1, 2, 0; different pairs 0, 1 (independently of the same ones).
        var text = "s0.jpg,t.jpg,1\ns1.jpg,t.jpg,1\nd0.jpg,t.jpg,0\ns2.jpg,t.jpg,true\ns3.jpg,t.jpg,1\nd1.jpg,t.jpg,FALSE\n";
        var pairs = CsvPairsParser.Parse(text, foldCount: 3);
        Assert.Equal([0, 1, 0, 2, 0, 1], pairs.Select(p => p.Fold));
        Assert.Equal([true, true, false, true, true, false], pairs.Select(p => p.Same));
    }

    [Fact]
    public void Parse_DefaultFolds_TenFoldsEachWithBothClasses()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"x{i}.jpg,y{i}.jpg,{(i < 50 ? 1 : 0)}"); // sorted by label
        var pairs = CsvPairsParser.Parse(string.Join('\n', lines));
        Assert.All(pairs.GroupBy(p => p.Fold), g => Assert.Equal((5, 5), (g.Count(p => p.Same), g.Count(p => !p.Same))));
        Assert.Equal(10, pairs.Select(p => p.Fold).Distinct().Count());
    }

    [Theory]
    [InlineData("a.jpg,b.jpg,1\nc.jpg,d.jpg\n", 2, "expected 3 fields")]
    [InlineData("a.jpg,b.jpg,1\nc.jpg,d.jpg,1,2\n", 2, "line 1 has 3")]
    [InlineData("h1,h2,h3\na.jpg,b.jpg,2\n", 2, "label '2'")]
    [InlineData("a.jpg,b.jpg,1\nc.jpg,d.jpg,yes\n", 2, "label 'yes'")]
    [InlineData("a.jpg,b.jpg,1,-1\n", 1, "fold '-1'")]
    [InlineData("a.jpg,b.jpg,1\n/etc/x.jpg,b.jpg,0\n", 2, "absolute")]
    [InlineData("a.jpg,C:\\x.jpg,0\n", 1, "absolute")]
    [InlineData("a.jpg,b.jpg,1\n\nimgs/../../x.jpg,b.jpg,0\n", 3, "'..'")]
    [InlineData("a.jpg,,1\n", 1, "empty image path")]
    [InlineData("\"a.jpg,b.jpg,1\n", 1, "unterminated")]
    [InlineData("\"a\"x,b.jpg,1\n", 1, "after the closing quote")]
    [InlineData("pathA,pathB,label\n", 1, "no pairs")]
    public void Parse_Malformed_ThrowsWithLineNumber(string text, int line, string fragment)
    {
        var e = Assert.Throws<PairsFormatException>(() => CsvPairsParser.Parse(text, "p.csv"));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(fragment, e.Message);
        Assert.StartsWith($"p.csv:{line}: ", e.Message);
    }

    [Fact]
    public void Load_BothDialects_PickedByContent()
    {
        var dir = Directory.CreateTempSubdirectory("faceportal-pairs-");
        try
        {
            var lfw = Path.Combine(dir.FullName, "pairs.txt");
            var csv = Path.Combine(dir.FullName, "pairs.csv");
            File.WriteAllText(lfw, "1\nA\t1\t2\nB\t1\tC\t1\n");
            File.WriteAllText(csv, "left,right,same\nA/1.jpg,B/1.jpg,0\n");

            Assert.Equal(new VerificationPair("A/A_0001.jpg", "A/A_0002.jpg", true, 0), PairsFile.Load(lfw)[0]);
            Assert.Equal(new VerificationPair("A/1.jpg", "B/1.jpg", false, 0), Assert.Single(PairsFile.Load(csv)));
            var e = Assert.Throws<PairsFormatException>(() => PairsFile.Parse("\nhello world\n", "x"));
            Assert.Equal(2, e.LineNumber);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
