using System.IO.Compression;
using System.Numerics;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Features.Imports.Sources;

namespace FacePortal.Tests.Web.Features.Imports;

public class ImportUnitTests
{
    // The 68-point scheme's left/right pairs: what a detector calls point i on a mirrored face.
    private static readonly int[] MirrorIndex = BuildMirrorIndex();

    [Fact]
    public void Yaw_FrontalFace_IsNearZero()
    {
        var points = Face(noseX: 125);

        Assert.InRange(PoseEstimate.Yaw(points), -0.5, 0.5);
    }

    [Fact]
    public void Yaw_MirroredLandmarks_OppositeSignSameSize()
    {
        var turned = Face(noseX: 150);
        var mirrored = Mirror(turned, width: 250);

        var yaw = PoseEstimate.Yaw(turned);
        var mirror = PoseEstimate.Yaw(mirrored);

        // Nose towards the image's right: positive; 25 px off a 45 px half-width is atan(0.56 / 0.75) = 36.5 degrees.
        Assert.InRange(yaw, 36, 37);
        Assert.Equal(-yaw, mirror, 6);
    }

    [Fact]
    public void Yaw_RolledHead_MeasuredAlongTheEyeLine()
    {
        // The same turned face rotated 30 degrees in the image plane keeps its yaw.
        var turned = Face(noseX: 150);
        var rotation = Matrix3x2.CreateRotation(MathF.PI / 6, new Vector2(125, 125));
        var rolled = turned.Select(p => Vector2.Transform(p, rotation)).ToArray();

        Assert.Equal(PoseEstimate.Yaw(turned), PoseEstimate.Yaw(rolled), 3);
    }

    [Theory]
    [InlineData("  Ann   Lee  ", 200, "Ann Lee")]
    [InlineData("tab\tand\nnewline", 200, "tab and newline")]
    [InlineData("   ", 200, null)]
    [InlineData("\u200B", 200, null)]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\U0001F600", 3, "ab")] // never half a surrogate pair
    [InlineData("O'Brien \"Q\" <b>", 200, "O'Brien \"Q\" <b>")]
    public void Clean_IdentityNames_KeptAsDisplayNames(string raw, int max, string? expected)
    {
        Assert.Equal(expected, IdentityNames.Clean(raw, max));
    }

    [Theory]
    [InlineData("../x.jpg", "'..'")]
    [InlineData("a/../../x.jpg", "'..'")]
    [InlineData("a\\..\\x.jpg", "'..'")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("\\\\server\\share\\x.jpg", "absolute path")]
    [InlineData("C:/x.jpg", "drive letter")]
    [InlineData("c:x.jpg", "drive letter")]
    [InlineData("a/b:c.jpg", "':'")]
    [InlineData("a/\u0001.jpg", "control characters")]
    [InlineData("", "empty name")]
    public void Segments_HostileNames_Refused(string name, string reason)
    {
        SafePaths.Segments(name, out var refused);

        Assert.NotNull(refused);
        Assert.Contains(reason, refused);
    }

    [Fact]
    public void Segments_OrdinaryName_Split()
    {
        Assert.Equal(new[] { "lfw", "Ann Lee", "x.jpg" }, SafePaths.Segments("lfw/./Ann Lee//x.jpg", out var refused));
        Assert.Null(refused);
        Assert.Null(SafePaths.Under("/data/base", ["..", "x"]));
        Assert.Equal("/data/base/a/x.jpg", SafePaths.Under("/data/base", ["a", "x.jpg"]));
    }

    [Fact]
    public void ZipPreflight_CountsEntriesFromTheEndRecord()
    {
        var zip = ImportTestData.Zip(Enumerable.Range(0, 7).Select(i => ($"A/{i}.png", new byte[] { (byte)i })));
        var limits = new ImportOptions { MaxZipEntries = 6 };

        var declared = ZipPreflight.Read(new MemoryStream(zip));

        Assert.Equal(7, declared!.Value.Entries);
        Assert.InRange(declared.Value.CentralDirectoryBytes, 7 * 46, 7 * 100);
        Assert.Contains("7 entries", ZipPreflight.Refuse(new MemoryStream(zip), limits));
        Assert.Null(ZipPreflight.Refuse(new MemoryStream(zip), new ImportOptions()));
        Assert.Null(ZipPreflight.Read(new MemoryStream("not a zip at all, just text"u8.ToArray())));
    }

    [Fact]
    public void ZipPreflight_EmptyZip_ZeroEntries()
    {
        using var stream = new MemoryStream();
        new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true).Dispose();

        Assert.Equal(0, ZipPreflight.Read(stream)!.Value.Entries);
    }

    [Fact]
    public void CsvRows_QuotesCommasAndLineBreaks()
    {
        var text = "path,identity\r\n\"a, b.jpg\",\"Ann \"\"A\"\"\"\n\n\"multi\nline.jpg\",Bob,tag\nlast.jpg,Carl";

        var rows = CsvManifest.Rows(new StringReader(text)).ToList();

        Assert.Equal(new[] { 1, 2, 4, 6 }, rows.Select(r => r.Line));
        Assert.Equal(new[] { "a, b.jpg", "Ann \"A\"" }, rows[1].Fields);
        Assert.Equal(new[] { "multi\nline.jpg", "Bob", "tag" }, rows[2].Fields);
        Assert.Equal(new[] { "last.jpg", "Carl" }, rows[3].Fields);
    }

    [Fact]
    public void FileSignatures_RecogniseZipsAndAcceptedImagesOnly()
    {
        Assert.True(FileSignatures.IsZip(ImportTestData.Zip([("a/b.png", [1])])));
        Assert.True(FileSignatures.IsAcceptedImage(ImportTestData.Png(1)));
        Assert.False(FileSignatures.IsAcceptedImage("hello"u8));
        Assert.False(FileSignatures.IsAcceptedImage(Convert.FromBase64String("SUkqAAgAAAA="))); // TIFF
        Assert.False(FileSignatures.IsAcceptedImage("<svg xmlns="u8));
    }

    private static Vector2[] Face(float noseX)
    {
        var points = new Vector2[68];
        for (var i = 0; i < 68; i++)
        {
            points[i] = new Vector2(125, 125);
        }
        points[36] = new Vector2(80, 100);
        points[45] = new Vector2(170, 100);
        points[30] = new Vector2(noseX, 150);
        return points;
    }

    private static Vector2[] Mirror(Vector2[] points, float width) =>
        Enumerable.Range(0, 68).Select(i => new Vector2(width - points[MirrorIndex[i]].X, points[MirrorIndex[i]].Y)).ToArray();

    private static int[] BuildMirrorIndex()
    {
        var map = Enumerable.Range(0, 68).ToArray();
        void Pair(int a, int b) => (map[a], map[b]) = (b, a);
        for (var i = 0; i < 8; i++)
        {
            Pair(i, 16 - i); // jaw
        }
        for (var i = 17; i < 22; i++)
        {
            Pair(i, 43 - i); // brows
        }
        Pair(31, 35);
        Pair(32, 34);
        Pair(36, 45);
        Pair(37, 44);
        Pair(38, 43);
        Pair(39, 42);
        Pair(40, 47);
        Pair(41, 46);
        Pair(48, 54);
        Pair(49, 53);
        Pair(50, 52);
        Pair(55, 59);
        Pair(56, 58);
        Pair(60, 64);
        Pair(61, 63);
        Pair(65, 67);
        return map;
    }
}
