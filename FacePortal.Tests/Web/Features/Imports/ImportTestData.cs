using System.IO.Compression;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Features.Imports;

/// <summary>Files for import tests: LFW slices, generated images, zips built in memory.</summary>
internal static class ImportTestData
{
    public static string LfwImages => SharedData.LfwImages;

    /// <summary>The first <paramref name="people"/> LFW people (by name) with at least <paramref name="perPerson"/> images, that many each.</summary>
    public static IReadOnlyList<(string Person, string Path)> Lfw(int people, int perPerson) =>
        Directory.EnumerateDirectories(LfwImages).Order(StringComparer.Ordinal)
            .Select(d => (Person: Path.GetFileName(d), Files: Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray()))
            .Where(p => p.Files.Length >= perPerson)
            .Take(people)
            .SelectMany(p => p.Files.Take(perPerson).Select(f => (p.Person, f)))
            .ToList();

    /// <summary>A server folder of LFW images, one sub-folder per person; delete it when done.</summary>
    public static string LfwFolder(int people, int perPerson)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fp-lfw-" + Guid.NewGuid().ToString("N"));
        foreach (var (person, path) in Lfw(people, perPerson))
        {
            Directory.CreateDirectory(Path.Combine(folder, person));
            File.Copy(path, Path.Combine(folder, person, Path.GetFileName(path)));
        }
        return folder;
    }

    /// <summary>A PNG with a pattern that differs for every <paramref name="seed"/> (no face in it).</summary>
    public static byte[] Png(int seed, int width = 64, int height = 48)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)(x * 7 + seed), (byte)(y * 5 + seed * 3), (byte)((x ^ y) + seed * 11));
            }
        }
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    /// <summary>A zip of the given entries, in order (names may repeat or be hostile: they are written as given).</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                entry.Write(content);
            }
        }
        return stream.ToArray();
    }
}
