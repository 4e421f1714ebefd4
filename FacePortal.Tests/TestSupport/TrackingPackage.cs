using System.Diagnostics;
using FacePortal.Engine.Models;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The npm package 'tracking' 1.1.3, whose group photos (faces.png, faces.jpg) are the source of two faceapi-ref
/// goldens. Fetched once with npm pack into the shared test cache, as faceapi-ref's own npm ci would.
/// </summary>
public static class TrackingPackage
{
    private const string Spec = "tracking@1.1.3";

    private static readonly Lazy<(string? Folder, string? Error)> Resolved = new(Fetch);

    /// <summary>Why the package is not available, or null when it is.</summary>
    public static string? MissingReason => Resolved.Value.Error;

    /// <summary>A golden's "source" (node_modules/tracking/...) as a local path.</summary>
    public static string Resolve(string goldenSource)
    {
        const string prefix = "node_modules/tracking/";
        if (!goldenSource.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not a file of the tracking package: {goldenSource}");
        }
        return Path.Combine(Resolved.Value.Folder ?? throw new InvalidOperationException(MissingReason), goldenSource[prefix.Length..]);
    }

    private static (string?, string?) Fetch()
    {
        var folder = Path.Combine(FaceApiPackage.Options.ModelsDirectory, "tracking-1.1.3");
        if (File.Exists(Path.Combine(folder, "package.json")))
        {
            return (folder, null);
        }
        var work = Path.Combine(FaceApiPackage.Options.ModelsDirectory, ".tracking-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var psi = new ProcessStartInfo("npm", ["pack", Spec, "--silent", "--pack-destination", work])
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var tgz = Directory.GetFiles(work, "*.tgz").FirstOrDefault();
            if (process.ExitCode != 0 || tgz is null)
            {
                return (null, $"npm pack {Spec} failed: {stderr.Trim()}");
            }
            var unpacked = Path.Combine(work, "package");
            FaceApiPackageStore.ExtractAsync(tgz, unpacked, CancellationToken.None).GetAwaiter().GetResult();
            try
            {
                Directory.Move(unpacked, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another test process got there first.
            }
            return (folder, null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, $"npm is not available to fetch {Spec}: {e.Message}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
