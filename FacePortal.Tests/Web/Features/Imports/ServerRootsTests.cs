using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Features.Imports;
using FacePortal.Web.Features.Imports.Sources;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>
/// Server-folder and CSV imports read only inside FacePortal:Import:ServerRoots: real folders outside the root and
/// real symbolic links, checked when the request is made and again as each file is read.
/// </summary>
public sealed class ServerRootsTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("fp-roots-");

    public ServerRootsTests()
    {
        Root = Directory.CreateDirectory(Path.Combine(_temp.FullName, "root")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(_temp.FullName, "outside")).FullName;
        Data = Directory.CreateDirectory(Path.Combine(_temp.FullName, "data")).FullName;
        Directory.CreateDirectory(Path.Combine(Root, "people", "Ann"));
        File.WriteAllBytes(Path.Combine(Root, "people", "Ann", "1.png"), ImportTestData.Png(1));
        Directory.CreateDirectory(Path.Combine(Outside, "Eve"));
        File.WriteAllBytes(Path.Combine(Outside, "Eve", "secret.png"), ImportTestData.Png(2));
    }

    private string Root { get; }

    private string Outside { get; }

    private string Data { get; }

    private ServerRoots Roots => new([Root], Data);

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void RequireFolder_NoRoots_ImportsOffNamingTheSetting()
    {
        var off = Assert.Throws<ImportRequestException>(() => new ServerRoots([], Data).RequireFolder(Path.Combine(Root, "people"), "folder"));
        Assert.Contains("off", off.Message);
        Assert.Contains("FacePortal:Import:ServerRoots", off.Message);
    }

    [Fact]
    public void RequireFolder_InsideRoot_Accepted_OutsideDotDotRelativeAndDataRefused()
    {
        Assert.Equal(Path.Combine(Root, "people"), Roots.RequireFolder(Path.Combine(Root, "people"), "folder"));
        Assert.Equal(Root, Roots.RequireFolder(Root, "folder"));

        var outside = Assert.Throws<ImportRequestException>(() => Roots.RequireFolder(Outside, "folder"));
        Assert.Contains("outside", outside.Message);
        Assert.Contains("FacePortal:Import:ServerRoots", outside.Message);
        Assert.Contains("'..'", Assert.Throws<ImportRequestException>(() => Roots.RequireFolder(Path.Combine(Root, "..", "outside"), "folder")).Message);
        Assert.Contains("'..'", Assert.Throws<ImportRequestException>(() => Roots.RequireFolder(Root + "/people/../../outside", "folder")).Message);
        Assert.Contains("absolute", Assert.Throws<ImportRequestException>(() => Roots.RequireFolder("relative/../..", "folder")).Message);
        Assert.Contains("outside", Assert.Throws<ImportRequestException>(() => Roots.RequireFolder("/etc", "folder")).Message);
        Assert.Contains("outside", Assert.Throws<ImportRequestException>(() => Roots.RequireFolder("/", "folder")).Message);
        // A root that holds the data folder still never reaches it.
        var wide = new ServerRoots([_temp.FullName], Data);
        Assert.Contains("data folder", Assert.Throws<ImportRequestException>(() => wide.RequireFolder(Data, "folder")).Message);
        Assert.Contains("does not exist", Assert.Throws<ImportRequestException>(() => Roots.RequireFolder(Path.Combine(Root, "nothing"), "folder")).Message);
    }

    [Fact]
    public void RequireFolder_SymlinkedFolderLeavingRoot_Refused_LinkInsideRootAccepted()
    {
        var escape = Path.Combine(Root, "escape");
        Directory.CreateSymbolicLink(escape, Outside);
        var inside = Path.Combine(Root, "alias");
        Directory.CreateSymbolicLink(inside, Path.Combine(Root, "people"));

        var refused = Assert.Throws<ImportRequestException>(() => Roots.RequireFolder(escape, "folder"));
        Assert.Contains("links to " + Outside, refused.Message);
        Assert.Contains("outside", refused.Message);
        // Through a link part way as well.
        Assert.Throws<ImportRequestException>(() => Roots.RequireFolder(Path.Combine(escape, "Eve"), "folder"));
        Assert.Equal(Path.Combine(Root, "people"), Roots.RequireFolder(inside, "folder"));
    }

    [Fact]
    public void RequireFile_SymlinkedFileLeavingRoot_Refused_InsideAccepted()
    {
        var ann = Path.Combine(Root, "people", "Ann");
        File.CreateSymbolicLink(Path.Combine(ann, "stolen.png"), Path.Combine(Outside, "Eve", "secret.png"));
        File.CreateSymbolicLink(Path.Combine(ann, "again.png"), Path.Combine(ann, "1.png"));
        // A chain: link to a link that leaves.
        File.CreateSymbolicLink(Path.Combine(ann, "chain.png"), Path.Combine(ann, "stolen.png"));

        Assert.Contains("outside", Assert.Throws<ImportItemException>(() => Roots.RequireFile(Path.Combine(ann, "stolen.png"))).Message);
        Assert.Contains("outside", Assert.Throws<ImportItemException>(() => Roots.RequireFile(Path.Combine(ann, "chain.png"))).Message);
        Assert.Equal(Path.Combine(ann, "1.png"), Roots.RequireFile(Path.Combine(ann, "again.png")));
        Assert.Equal(Path.Combine(ann, "1.png"), Roots.RequireFile(Path.Combine(ann, "1.png")));
    }

    [Fact]
    public void FolderSource_LinksSwappedInAfterTheRequest_RefusedPerFile()
    {
        var people = Roots.RequireFolder(Path.Combine(Root, "people"), "folder");
        Directory.CreateSymbolicLink(Path.Combine(people, "Eve"), Path.Combine(Outside, "Eve"));
        File.CreateSymbolicLink(Path.Combine(people, "Ann", "stolen.png"), Path.Combine(Outside, "Eve", "secret.png"));
        using var source = new FolderImportSource(people, new ImportOptions(), Roots, 1 << 20);

        var planned = source.Plan(default).ToList();

        Assert.Contains(planned, p => p.Source == "Eve" && p.Error!.Contains("outside"));
        Assert.DoesNotContain(planned, p => p.Source.StartsWith("Eve/", StringComparison.Ordinal));
        Assert.Equal(ImportTestData.Png(1), source.Read("Ann/1.png", new ItemExtra(), default));
        Assert.Contains("outside", Assert.Throws<ImportItemException>(() => source.Read("Ann/stolen.png", new ItemExtra(), default)).Message);
        // The identity folder swapped for a link after planning: its files are refused as they are read.
        Assert.Contains("outside", Assert.Throws<ImportItemException>(() => source.Read("Eve/secret.png", new ItemExtra(), default)).Message);
    }

    [Fact]
    public void CsvSource_PathsEscapingThroughLinksOrDotDot_RefusedPerFile()
    {
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), Outside);
        var manifest = Path.Combine(_temp.FullName, "manifest.csv");
        File.WriteAllText(manifest, "people/Ann/1.png,Ann\nescape/Eve/secret.png,Eve\n../outside/Eve/secret.png,Eve\n");
        using var source = new CsvImportSource(manifest, "m.csv", Root, new ImportOptions(), Roots, 1 << 20);

        var planned = source.Plan(default).ToList();

        Assert.Contains("'..'", planned.Single(p => p.Source.StartsWith("../", StringComparison.Ordinal)).Error);
        Assert.Equal(ImportTestData.Png(1), source.Read("people/Ann/1.png", new ItemExtra(), default));
        Assert.Contains("outside", Assert.Throws<ImportItemException>(() => source.Read("escape/Eve/secret.png", new ItemExtra(), default)).Message);
    }

    [Fact]
    public void Validator_RootsMustBeAbsoluteExistingFolders()
    {
        var validator = new ImportOptionsValidator();
        Assert.True(validator.Validate(null, new ImportOptions { ServerRoots = [Root] }).Succeeded);
        Assert.True(validator.Validate(null, new ImportOptions()).Succeeded);
        var bad = validator.Validate(null, new ImportOptions { ServerRoots = ["relative/dir", Path.Combine(Root, "missing"), Path.Combine(Root, "people", "Ann", "1.png")] });
        Assert.False(bad.Succeeded);
        Assert.Contains("FacePortal:Import:ServerRoots", bad.FailureMessage);
        Assert.Contains("relative/dir", bad.FailureMessage);
        Assert.Contains("missing", bad.FailureMessage);
        Assert.Contains("1.png", bad.FailureMessage);
    }

    [Fact]
    public async Task Rest_FolderAndCsvOutsideTheRoot_400NamingTheSetting_InsideAccepted()
    {
        await using var factory = new PortalFactory();
        factory.Settings["FacePortal:Import:ServerRoots:0"] = Root;
        using var http = factory.CreateApiClient();
        var api = new ImportApiClient(http);
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), Outside);
        var gallery = await api.CreateGalleryAsync("roots-" + Guid.NewGuid().ToString("N")[..8]);
        var url = $"/api/galleries/{gallery}/import";

        var cases = new[]
        {
            (Outside, "FacePortal:Import:ServerRoots"), ("/etc", "FacePortal:Import:ServerRoots"), ("/root", "FacePortal:Import:ServerRoots"),
            ("relative/../..", "absolute path"), (Path.Combine(Root, "escape"), "links to " + Outside), (Root + "/people/../../outside", "'..'"),
        };
        foreach (var (folder, says) in cases)
        {
            var refused = await api.Http.PostAsJsonAsync(url, new { serverFolder = folder });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(says, await Detail(refused));
        }
        var csv = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("etc/passwd,Eve\n")), "manifest", "m.csv" },
            { new StringContent("/"), "baseFolder" },
        };
        var csvRefused = await api.Http.PostAsync(url, csv);
        Assert.Equal(HttpStatusCode.BadRequest, csvRefused.StatusCode);
        Assert.Contains("FacePortal:Import:ServerRoots", await Detail(csvRefused));

        var accepted = await api.Http.PostAsJsonAsync(url, new { serverFolder = Path.Combine(Root, "people") });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Rest_NoRootsConfigured_ServerImportsOff()
    {
        await using var factory = new PortalFactory();
        using var http = factory.CreateApiClient();
        var api = new ImportApiClient(http);
        var gallery = await api.CreateGalleryAsync("off-" + Guid.NewGuid().ToString("N")[..8]);

        var refused = await api.Http.PostAsJsonAsync($"/api/galleries/{gallery}/import", new { serverFolder = Path.Combine(Root, "people") });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var detail = await Detail(refused);
        Assert.Contains("off", detail);
        Assert.Contains("FacePortal:Import:ServerRoots", detail);
    }

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
}
