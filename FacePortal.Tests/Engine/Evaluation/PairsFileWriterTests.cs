using FacePortal.Engine.Evaluation;

namespace FacePortal.Tests.Engine.Evaluation;

public class PairsFileWriterTests
{
    [Fact]
    public void TryWriteLfw_ParsedPairsTxt_GivesTheSameFileBack()
    {
        const string pairsTxt = "2\t1\nP00\t1\t3\nP01\t1\tP02\t1\nP03\t1\t2\nP00\t2\tP03\t2\n";

        Assert.True(PairsFileWriter.TryWriteLfw(LfwPairsParser.Parse(pairsTxt), out var text, out var error));

        Assert.Null(error);
        Assert.Equal(pairsTxt, text);
    }

    [Fact]
    public void TryWriteLfw_UnbalancedFold_SaysWhy()
    {
        VerificationPair[] pairs = [new("A/A_0001.jpg", "A/A_0002.jpg", true, 0), new("A/A_0001.jpg", "B/B_0001.jpg", false, 0), new("B/B_0001.jpg", "B/B_0002.jpg", true, 0)];

        Assert.False(PairsFileWriter.TryWriteLfw(pairs, out var text, out var error));

        Assert.Null(text);
        Assert.Contains("same number of genuine and impostor pairs", error);
    }

    [Fact]
    public void TryWriteLfw_NotAnLfwFileName_NamesIt()
    {
        VerificationPair[] pairs = [new("A/A_0001.jpg", "A/holiday.jpg", true, 0), new("A/A_0001.jpg", "B/B_0001.jpg", false, 0)];

        Assert.False(PairsFileWriter.TryWriteLfw(pairs, out _, out var error));

        Assert.Contains("'A/holiday.jpg' is not an LFW file name", error);
    }

    [Fact]
    public void WriteCsv_PathsWithCommasAndQuotes_AreQuotedAndParseBack()
    {
        VerificationPair[] pairs = [new("Ann/a,b.jpg", "Ann/say \"hi\".jpg", true, 0), new("Ann/x.jpg", "Bob/y.jpg", false, 1)];

        var csv = PairsFileWriter.WriteCsv(pairs);

        Assert.Equal("fold,label,imageA,imageB\n0,1,\"Ann/a,b.jpg\",\"Ann/say \"\"hi\"\".jpg\"\n1,0,Ann/x.jpg,Bob/y.jpg\n", csv);
    }

    [Theory]
    [InlineData("Ann/Ann_0001.jpg", true, "Ann", 1)]
    [InlineData("George_W_Bush/George_W_Bush_0042.JPEG", true, "George_W_Bush", 42)]
    [InlineData("Ann/Bob_0001.jpg", false, "", 0)]
    [InlineData("Ann/Ann_001.jpg", false, "", 0)]
    [InlineData("x/Ann/Ann_0001.jpg", false, "", 0)]
    public void TryParseLfw_IsTheInverseOfLfw(string path, bool ok, string name, int index)
    {
        Assert.Equal(ok, RelativeImagePath.TryParseLfw(path, out var n, out var i));
        Assert.Equal((name, index), (n, i));
        if (ok)
        {
            Assert.Equal(path.ToLowerInvariant().Replace(".jpeg", ".jpg"), RelativeImagePath.Lfw(n, i).ToLowerInvariant());
        }
    }

    [Fact]
    public void Of_ImportedFromAnyFolder_IsIdentitySlashFileName()
    {
        Assert.Equal("Ann/Ann_0001.jpg", RelativeImagePath.Of("Ann", @"C:\lfw\images\Ann\Ann_0001.jpg"));
        Assert.Equal("Ann/p.jpg", RelativeImagePath.Of("Ann", "upload/p.jpg"));
    }
}
