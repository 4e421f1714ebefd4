using System.Diagnostics;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Pipeline;

namespace FacePortal.Engine.Embedding;

/// <summary>
/// Primary-face descriptors for a set of image files, in batches, through the descriptor cache; the descriptors
/// themselves come from the <see cref="FaceDescriber"/>. A file that cannot be read or decoded gets an error and the
/// rest go on.
/// </summary>
public sealed class ImageSetEmbedder(FacePipeline pipeline, ImageDecoder decoder, DescriptorCache? cache)
{
    private readonly FaceDescriber _describer = new(pipeline);

    public async Task<IReadOnlyDictionary<string, PrimaryDescriptor>> EmbedAsync(
        IReadOnlyList<string> files, bool aligned, IProgress<EmbedProgress>? progress, CancellationToken cancellationToken)
    {
        var signature = _describer.Signature + (aligned ? ";aligned" : "");
        var results = new Dictionary<string, PrimaryDescriptor>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        int fromCache = 0, noFace = 0, errors = 0;
        var batch = _describer.BatchSize;
        var unique = files.Distinct(StringComparer.Ordinal).ToList();

        for (var start = 0; start < unique.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = unique.GetRange(start, Math.Min(batch, unique.Count - start));
            var loaded = new (string Hash, RgbImage? Image, PrimaryDescriptor? Done)[chunk.Count];
            await Parallel.ForAsync(0, chunk.Count, cancellationToken, async (i, ct) =>
            {
                try
                {
                    var bytes = await File.ReadAllBytesAsync(chunk[i], ct).ConfigureAwait(false);
                    var hash = DescriptorCache.ContentHash(bytes);
                    if (cache is not null && cache.TryGet(signature, hash, out var hit))
                    {
                        loaded[i] = (hash, null, hit);
                        Interlocked.Increment(ref fromCache);
                        return;
                    }
                    loaded[i] = (hash, decoder.Decode(bytes, chunk[i]), null);
                }
                catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
                {
                    loaded[i] = ("", null, new PrimaryDescriptor(null, null, 0, DetectionRoute.None, e.Message));
                }
            }).ConfigureAwait(false);

            var todo = Enumerable.Range(0, chunk.Count).Where(i => loaded[i].Image is not null).ToList();
            if (todo.Count > 0)
            {
                var images = todo.Select(i => loaded[i].Image!).ToList();
                var computed = new PrimaryDescriptor[todo.Count];
                if (aligned)
                {
                    var descriptors = _describer.DescribeAligned(images, cancellationToken);
                    for (var k = 0; k < todo.Count; k++)
                    {
                        computed[k] = new PrimaryDescriptor(descriptors[k], null, 1, DetectionRoute.Direct, null);
                    }
                }
                else
                {
                    var analysed = _describer.Analyze(images, FaceSelection.Primary, null, cancellationToken);
                    for (var k = 0; k < todo.Count; k++)
                    {
                        var a = analysed[k];
                        computed[k] = new PrimaryDescriptor(a.Primary?.Descriptor, a.Primary?.Detection, a.Faces.Count, a.Route, null);
                    }
                }
                for (var k = 0; k < todo.Count; k++)
                {
                    loaded[todo[k]].Done = computed[k];
                    cache?.Put(signature, loaded[todo[k]].Hash, computed[k]);
                }
            }

            for (var i = 0; i < chunk.Count; i++)
            {
                var r = loaded[i].Done!;
                results[chunk[i]] = r;
                if (r.Error is not null)
                {
                    errors++;
                }
                else if (!r.HasFace)
                {
                    noFace++;
                }
            }
            progress?.Report(new EmbedProgress(Math.Min(start + batch, unique.Count), unique.Count, fromCache, noFace, errors, clock.Elapsed));
        }
        return results;
    }
}
