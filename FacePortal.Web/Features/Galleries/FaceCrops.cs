using System.Numerics;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Platform.Data;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Galleries;

/// <summary>
/// The aligned crop of a stored face as PNG (what the recognition network sees), on disk under the crops folder,
/// named by content hash and face index. The import keeps the chip the pipeline embedded as raw pixels
/// (<see cref="SaveAsync"/>: no encoding on the import's 2 cores, where a PNG per face cost about 1.5 ms); the first
/// request encodes it to the PNG that is served from then on. Faces imported before chips were kept get theirs made on
/// first request from the stored landmarks.
/// </summary>
public sealed class FaceCrops(FaceEngineHost host, ImageStore images, IDbContextFactory<PortalDbContext> databases, string folder)
{
    public string Folder => folder;

    /// <summary>The PNG's path, made on first use; null when there is no such face or it has no landmarks.</summary>
    public async Task<string?> GetAsync(string hash, int faceIndex, CancellationToken cancellationToken)
    {
        var path = PathOf(hash, faceIndex);
        if (File.Exists(path))
        {
            return path;
        }
        var raw = RawPathOf(path);
        if (File.Exists(raw))
        {
            if (await ChipFile.ReadAsync(raw, cancellationToken) is { } kept)
            {
                await WriteAsync(path, PngFile.Encode(kept), cancellationToken);
            }
            File.Delete(raw); // encoded, or not a whole chip (made from the landmarks below)
            if (File.Exists(path))
            {
                return path; // also when a request beside this one encoded it first
            }
        }
        if (!images.Exists(hash))
        {
            return null;
        }
        Vector2[]? points;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var candidates = await db.Faces.AsNoTracking()
                .Where(f => f.Index == faceIndex && f.Image!.ContentHash == hash)
                .OrderBy(f => f.Id).Select(f => f.Landmarks).Take(5).ToListAsync(cancellationToken);
            points = candidates.Select(l => LandmarkCodec.Unpack(l)).FirstOrDefault(p => p is not null);
        }
        if (points is null)
        {
            return null;
        }
        var engine = await host.GetAsync(cancellationToken);
        var image = engine.Decoder.Decode(await images.ReadAsync(hash, cancellationToken), hash);
        var pipeline = engine.Pipeline;
        RgbImage chip;
        if (pipeline.Options.Alignment == AlignmentMethod.DlibChip)
        {
            chip = pipeline.AlignImage(image, new FaceLandmarks(points, null));
        }
        else
        {
            // face-api's crop needs a box the database does not keep; show dlib's chip instead.
            chip = new FaceChipAligner(pipeline.Model.InputSize, pipeline.Options.ChipPadding).Align(image, points).Image;
        }
        await WriteAsync(path, PngFile.Encode(chip), cancellationToken);
        return path;
    }

    /// <summary>
    /// Keeps the chip the pipeline computed for face <paramref name="faceIndex"/> of the image (raw, encoded on first
    /// request), unless one is kept already: the crop's URL is served as immutable, so a kept crop never changes.
    /// </summary>
    public async Task SaveAsync(string hash, int faceIndex, RgbImage chip, CancellationToken cancellationToken)
    {
        var path = PathOf(hash, faceIndex);
        var raw = RawPathOf(path);
        if (!File.Exists(path) && !File.Exists(raw))
        {
            await WriteAsync(raw, ChipFile.Encode(chip), cancellationToken);
        }
    }

    private static async Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// A descriptor, of the named embedding model (null: the engine's default), for a face the operator picked when the
    /// import did not compute one; with the signature it belongs to.
    /// </summary>
    public async Task<(string Signature, float[]? Vector)> DescribeAsync(string hash, FaceBox box, string? model, CancellationToken cancellationToken)
    {
        var engine = await host.GetAsync(cancellationToken);
        var describer = FaceDescriber.For(engine, model);
        var image = engine.Decoder.Decode(await images.ReadAsync(hash, cancellationToken), hash);
        return (describer.Signature, describer.DescribePicked(image, box, cancellationToken));
    }

    /// <summary>Removes every cached crop of an image (when its file is deleted).</summary>
    public void Delete(string hash)
    {
        var dir = Path.GetDirectoryName(PathOf(hash, 0))!;
        if (!Directory.Exists(dir))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(dir, hash + "-*.png").Concat(Directory.EnumerateFiles(dir, hash + "-*" + ChipFile.Extension)))
        {
            File.Delete(file);
        }
    }

    private string PathOf(string hash, int faceIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faceIndex);
        // ImageStore validates the hash: nothing else from the request reaches the path.
        _ = images.PathOf(hash);
        return Path.Combine(folder, hash[..2], $"{hash}-{faceIndex}.png");
    }

    private static string RawPathOf(string pngPath) => Path.ChangeExtension(pngPath, ChipFile.Extension);
}
