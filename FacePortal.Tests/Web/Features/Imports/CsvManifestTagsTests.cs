using FacePortal.Web.Features.Imports;
using FacePortal.Web.Features.Imports.Sources;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>The manifest's <c>tags</c> column: whole tags separated by ';', applied as written, beside the other tag columns.</summary>
public sealed class CsvManifestTagsTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("fp-csv-tags-");

    public void Dispose() => _temp.Delete(recursive: true);

    private List<PlannedItem> Plan(string manifest, ImportOptions? limits = null)
    {
        var path = Path.Combine(_temp.FullName, "m.csv");
        File.WriteAllText(path, manifest);
        using var source = new CsvImportSource(path, "m.csv", _temp.FullName, limits ?? new ImportOptions(), new ServerRoots([_temp.FullName], Path.Combine(_temp.FullName, "data")), 1 << 20);
        return [.. source.Plan(default)];
    }

    [Fact]
    public void Plan_TagsColumn_SplitOnSemicolonsTrimmedAndAppliedAsWritten()
    {
        var planned = Plan("path,identity,tags\na/1.jpg,Ann, sex:F ; age:30-39 ;;region:EU\nb/2.jpg,Bob,sex:M\nc/3.jpg,Cid,\n");

        Assert.Equal(["sex:F", "age:30-39", "region:EU"], planned[0].Extra.Tags);
        Assert.Equal(["sex:M"], planned[1].Extra.Tags);
        Assert.Null(planned[2].Extra.Tags);
        Assert.All(planned, p => Assert.Null(p.Error));
    }

    [Fact]
    public void Plan_TagsColumnBesideNamedColumns_BothKindsKeptWithoutDuplicates()
    {
        // The header is matched case-insensitively; a tag given twice is kept once.
        var planned = Plan("path,identity,Tags,source\na/1.jpg,Ann,sex:F;source:cctv;sex:F,cctv\n");

        Assert.Equal(["sex:F", "source:cctv"], planned.Single().Extra.Tags);
    }

    [Fact]
    public void Plan_QuotedTagsCellWithComma_OneCell()
    {
        var planned = Plan("path,identity,tags\na/1.jpg,Ann,\"note:a, b;sex:F\"\n");

        Assert.Equal(["note:a, b", "sex:F"], planned.Single().Extra.Tags);
    }

    [Fact]
    public void Plan_NoHeader_TagsLikeValueIsAPlainTag()
    {
        // Without a header there is no tags column: the third cell is one plain tag, semicolons and all.
        var planned = Plan("a/1.jpg,Ann,sex:F;age:30\n");

        Assert.Equal(["sex:F;age:30"], planned.Single().Extra.Tags);
    }

    [Fact]
    public void Plan_OverlongTag_CutTo100Characters()
    {
        var planned = Plan($"path,identity,tags\na/1.jpg,Ann,{new string('x', 150)};sex:F\n");

        Assert.Equal(100, planned.Single().Extra.Tags![0].Length);
        Assert.Equal("sex:F", planned.Single().Extra.Tags![1]);
    }
}
