using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Adaptation;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;
using FacePortal.Engine.Robustness;
using FacePortal.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// The block inputs of last-block adaptation for a job's images: each image's chip re-cut from its stored photo and
/// the primary face's stored landmarks (as the pipeline aligns it), run once through face-api's frozen layers (chip and
/// mirror when the pipeline flip-averages), and kept in the job's folder so a restart does not run them again.
/// </summary>
internal static class LastBlockData
{
    /// <exception cref="AdaptationException">The base model or the pipeline's alignment is not one the last block can be tuned for.</exception>
    public static void CheckSupported(FacePipeline pipeline)
    {
        if (pipeline.Model.Name != Engine.Recognition.EmbeddingModelOptions.BuiltInName)
        {
            throw new AdaptationException($"Tuning the last block needs face-api's network as the base model (got {pipeline.Model.Name}); other models get a head only.");
        }
        if (pipeline.Options.Alignment != AlignmentMethod.DlibChip || pipeline.Model.FivePointTemplate() is not null)
        {
            throw new AdaptationException("Tuning the last block needs the dlib chip alignment (chips are re-cut from the stored 68 landmarks).");
        }
    }

    /// <summary>The block inputs of the samples, in their order (read from <paramref name="cachePath"/> when it holds these images).</summary>
    public static async Task<float[][]> LoadAsync(PortalDbContext db, ImageStore store, ImageDecoder decoder, FacePipeline pipeline, FaceRecognitionTorchNet net,
        IReadOnlyList<AdaptationData.Sample> samples, string cachePath, Func<int, int, Task> progress, CancellationToken ct)
    {
        var key = Key(samples, pipeline.Signature);
        if (LastBlockInputs.TryLoad(cachePath, key) is { } cached && cached.Length == samples.Count)
        {
            return cached;
        }
        var ids = samples.Select(s => s.ImageId).ToHashSet();
        var rows = (await db.Images.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.ContentHash, i.OriginalName, Landmarks = i.Faces.Where(f => f.Index == i.PrimaryFaceIndex).Select(f => f.Landmarks).FirstOrDefault() })
            .ToListAsync(ct)).ToDictionary(r => r.Id);
        var result = new float[samples.Count][];
        const int batch = 16;
        for (var start = 0; start < samples.Count; start += batch)
        {
            var chips = new List<float[]>();
            foreach (var sample in samples.Skip(start).Take(batch))
            {
                var row = rows.GetValueOrDefault(sample.ImageId);
                if (row?.Landmarks is not { Length: 136 } points)
                {
                    throw new AdaptationException($"Image {sample.ImageId} has no stored 68 landmarks for its primary face: re-analyse the gallery first.");
                }
                var image = decoder.Decode(await store.ReadAsync(row.ContentHash, ct), row.OriginalName);
                var landmarks = new FaceLandmarks([.. Enumerable.Range(0, 68).Select(p => new System.Numerics.Vector2(points[2 * p], points[2 * p + 1]))], null);
                chips.Add(pipeline.Align(image, landmarks));
            }
            var inputs = await Task.Run(() => LastBlockInputs.Compute(net, chips, pipeline.Options.FlipAugmentation, batch, null, ct), ct);
            Array.Copy(inputs, 0, result, start, inputs.Length);
            await progress(start + inputs.Length, samples.Count);
        }
        LastBlockInputs.Save(cachePath, key, result);
        return result;
    }

    private static string Key(IReadOnlyList<AdaptationData.Sample> samples, string signature)
    {
        var text = signature + "|" + string.Join(",", samples.Select(s => s.ImageId));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
