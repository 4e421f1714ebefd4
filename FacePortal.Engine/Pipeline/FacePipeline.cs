using System.Diagnostics;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Recognition;

namespace FacePortal.Engine.Pipeline;

/// <summary>
/// Image to faces: detect (with the retries face-api's detectors need), landmarks, alignment and descriptors,
/// each network run once per batch of images.
/// </summary>
public sealed class FacePipeline(
    IFaceDetector detector,
    IFaceDetector? fallbackDetector,
    LandmarkDetector landmarks,
    FaceEmbedder embedder,
    PipelineOptions options)
{
    // The model says how its input is cut: the dlib chip (or, for those, face-api's crop) or a five-point template.
    private readonly FaceChipAligner _dlib = new(embedder.Options.Width, embedder.Options.ChipPadding ?? options.ChipPadding);
    private readonly FivePointAligner? _fivePoint = embedder.Options.FivePointTemplate() is { } template
        ? new FivePointAligner(embedder.Options.Width, embedder.Options.Height, template)
        : null;

    private bool UsesFaceApiCrop => _fivePoint is null && options.Alignment == AlignmentMethod.FaceApi;

    public PipelineOptions Options => options;

    public EmbeddingModelOptions Model => embedder.Options;

    public string Signature => options.Signature(embedder.Options);

    public IReadOnlyList<ImageFaces> Analyze(IReadOnlyList<RgbImage> originals, FaceSelection selection, CancellationToken cancellationToken) =>
        Analyze(originals, selection, null, cancellationToken);

    /// <summary>As above; when <paramref name="timings"/> is given, the time of each stage is added to it.</summary>
    public IReadOnlyList<ImageFaces> Analyze(IReadOnlyList<RgbImage> originals, FaceSelection selection, PipelineTimings? timings, CancellationToken cancellationToken)
    {
        var stage = Stopwatch.GetTimestamp();
        var detections = DetectWithRetries(originals, cancellationToken);
        if (timings is not null)
        {
            timings.Detect += PipelineTimings.Since(stage);
            stage = Stopwatch.GetTimestamp();
        }
        // Faces found on a bordered copy are measured on that copy: clipped to the original they lose the chin or brow.
        var images = detections.Select(d => d.Image).ToList();

        // Which faces get landmarks and descriptors.
        var work = new List<(int Image, int Face)>();
        var primaries = new int[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var faces = detections[i].Faces;
            primaries[i] = PrimaryFace.Select(faces, images[i].Width, images[i].Height);
            for (var f = 0; f < faces.Length; f++)
            {
                var wanted = selection == FaceSelection.All || f == primaries[i];
                if (wanted && Math.Sqrt(faces[f].Box.Area) >= options.MinFaceSize)
                {
                    work.Add((i, f));
                }
            }
        }

        var found = landmarks.Detect(work.Select(w => (images[w.Image], detections[w.Image].Faces[w.Face].Box)).ToList(), cancellationToken);
        if (timings is not null)
        {
            timings.Landmarks += PipelineTimings.Since(stage);
            stage = Stopwatch.GetTimestamp();
        }
        // A face without landmarks or with an empty crop keeps its box but gets no descriptor.
        bool Usable(FaceLandmarks? l) => l is not null && (!UsesFaceApiCrop || l.FaceApiCrop is not null);
        work = work.Where((_, k) => Usable(found[k])).ToList();
        var points = found.Where(Usable).Select(l => l!).ToArray();
        var chips = new float[work.Count][];
        var chipImages = new RgbImage[work.Count];
        var sharpness = new double[work.Count];
        Parallel.For(0, work.Count, new ParallelOptions { CancellationToken = cancellationToken }, k =>
        {
            chips[k] = Align(images[work[k].Image], points[k]);
            // Measured and kept here, on the chip the network sees, so nobody has to align the face a second time.
            chipImages[k] = ToImage(chips[k]);
            sharpness[k] = FaceQuality.Sharpness(chipImages[k]);
        });
        if (timings is not null)
        {
            timings.Align += PipelineTimings.Since(stage);
            stage = Stopwatch.GetTimestamp();
        }
        var descriptors = Embed(chips, cancellationToken);
        if (timings is not null)
        {
            timings.Embed += PipelineTimings.Since(stage);
        }

        var results = new ImageFaces[images.Count];
        var lookup = new Dictionary<(int, int), int>();
        for (var k = 0; k < work.Count; k++)
        {
            lookup[work[k]] = k;
        }
        for (var i = 0; i < images.Count; i++)
        {
            var offset = detections[i].Offset;
            var original = originals[i];
            var faces = detections[i].Faces.Select((d, f) => lookup.TryGetValue((i, f), out var k)
                ? new FaceResult(Shift(d, offset), Shift(points[k], offset, original), descriptors[k], sharpness[k], chipImages[k])
                : new FaceResult(Shift(d, offset), null, null)).ToArray();
            results[i] = new ImageFaces(original.Width, original.Height, faces, primaries[i], detections[i].Route);
        }
        return results;
    }

    /// <summary>Landmarks and descriptor for one given face box (a face the operator picked, or a known detection).</summary>
    public float[]? DescribeFace(RgbImage image, FaceBox box, CancellationToken cancellationToken)
    {
        var found = landmarks.Detect([(image, box)], cancellationToken)[0];
        if (found is null || (UsesFaceApiCrop && found.FaceApiCrop is null))
        {
            return null;
        }
        return Embed([Align(image, found)], cancellationToken)[0];
    }

    /// <summary>
    /// "--aligned" input: each image already is a face crop; pad it to a square and resize, as face-api does (for a
    /// model whose input is not square: scaled to fit, centred, black around).
    /// </summary>
    public float[][] EmbedAligned(IReadOnlyList<RgbImage> crops, CancellationToken cancellationToken)
    {
        var (width, height) = (embedder.Options.Width, embedder.Options.Height);
        var chips = new float[crops.Count][];
        Parallel.For(0, crops.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var crop = crops[i];
            if (width == height)
            {
                chips[i] = new float[width * height * 3];
                FaceApiResize.CropPadResize(crop, crop.Bounds, SquarePad.Centred, width, chips[i]);
                return;
            }
            var scale = Math.Max(crop.Width / (double)width, crop.Height / (double)height);
            var chipToImage = new Affine2D(scale, 0, 0, scale, (crop.Width - 1) / 2.0 - scale * (width - 1) / 2.0, (crop.Height - 1) / 2.0 - scale * (height - 1) / 2.0);
            chips[i] = ToFloats(ChipSampler.Extract(crop, chipToImage, width, height, 0, out _));
        });
        return Embed(chips, cancellationToken);
    }

    /// <summary>The aligned chip as an image (rounded to bytes): crops on pages, PNG files.</summary>
    public RgbImage AlignImage(RgbImage image, FaceLandmarks landmarks68) => ToImage(Align(image, landmarks68));

    private RgbImage ToImage(float[] chip)
    {
        var pixels = new byte[chip.Length];
        for (var i = 0; i < chip.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(MathF.Round(chip[i]), 0, 255);
        }
        return new RgbImage(embedder.Options.Width, embedder.Options.Height, pixels);
    }

    private static float[] ToFloats(RgbImage image)
    {
        var px = image.Pixels;
        var chip = new float[px.Length];
        for (var i = 0; i < chip.Length; i++)
        {
            chip[i] = px[i];
        }
        return chip;
    }

    /// <summary>The chip the recognition network sees for a face, HWC RGB 0..255.</summary>
    public float[] Align(RgbImage image, FaceLandmarks landmarks68)
    {
        if (_fivePoint is not null)
        {
            return ToFloats(_fivePoint.Align(image, landmarks68.Points));
        }
        if (UsesFaceApiCrop)
        {
            var size = embedder.Options.Width;
            var chip = new float[size * size * 3];
            FaceApiResize.CropPadResize(image, landmarks68.FaceApiCrop!.Value, SquarePad.Centred, size, chip);
            return chip;
        }
        return ToFloats(_dlib.Align(image, landmarks68.Points).Image);
    }

    /// <summary>Descriptors of aligned chips (see <see cref="Align"/>), batched, mirrored and averaged when the pipeline flips.</summary>
    public float[][] Embed(float[][] chips, CancellationToken cancellationToken)
    {
        var descriptors = embedder.Embed(chips, cancellationToken);
        if (!options.FlipAugmentation)
        {
            return descriptors;
        }
        var (width, height) = (embedder.Options.Width, embedder.Options.Height);
        var mirrored = embedder.Embed(chips.Select(c => Mirror(c, width, height)).ToList(), cancellationToken);
        for (var i = 0; i < descriptors.Length; i++)
        {
            DescriptorMath.Average(descriptors[i], mirrored[i], descriptors[i]);
        }
        return descriptors;
    }

    private static float[] Mirror(float[] chip, int width, int height)
    {
        var result = new float[chip.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var src = (y * width + x) * 3;
                var dst = (y * width + width - 1 - x) * 3;
                result[dst] = chip[src];
                result[dst + 1] = chip[src + 1];
                result[dst + 2] = chip[src + 2];
            }
        }
        return result;
    }

    private sealed record Detected(FaceDetection[] Faces, DetectionRoute Route, RgbImage Image, int Offset);

    private Detected[] DetectWithRetries(IReadOnlyList<RgbImage> images, CancellationToken ct)
    {
        var result = new Detected[images.Count];
        // One run at the low score; the normal threshold is then a filter, the low one a fallback.
        var raw = detector.Detect(images, Math.Min(options.RetryDetectionScore, options.MinDetectionScore), ct);
        var missing = new List<int>();
        for (var i = 0; i < images.Count; i++)
        {
            var confident = raw[i].Where(d => d.Score >= options.MinDetectionScore).ToArray();
            if (confident.Length > 0)
            {
                result[i] = new Detected(confident, DetectionRoute.Direct, images[i], 0);
            }
            else if (raw[i].Length > 0)
            {
                result[i] = new Detected(raw[i], DetectionRoute.LowScore, images[i], 0);
            }
            else
            {
                result[i] = new Detected([], DetectionRoute.None, images[i], 0);
                missing.Add(i);
            }
        }

        if (options.RetryWithBorder && missing.Count > 0)
        {
            // Faces that fill the frame are missed; on a larger canvas they look like ordinary faces.
            var bordered = missing.Select(i => WithBorder(images[i])).ToList();
            var found = detector.Detect(bordered.Select(b => b.Image).ToList(), options.RetryDetectionScore, ct);
            var still = new List<int>();
            for (var k = 0; k < missing.Count; k++)
            {
                if (found[k].Length > 0)
                {
                    result[missing[k]] = new Detected(found[k], DetectionRoute.Border, bordered[k].Image, bordered[k].Border);
                }
                else
                {
                    still.Add(missing[k]);
                }
            }
            missing = still;
        }

        if (options.SsdFallback && fallbackDetector is not null && missing.Count > 0)
        {
            var found = fallbackDetector.Detect(missing.Select(i => images[i]).ToList(), options.MinDetectionScore, ct);
            for (var k = 0; k < missing.Count; k++)
            {
                if (found[k].Length > 0)
                {
                    result[missing[k]] = new Detected(found[k], DetectionRoute.Ssd, images[missing[k]], 0);
                }
            }
        }
        return result;
    }

    private static (RgbImage Image, int Border) WithBorder(RgbImage image)
    {
        var border = Math.Max(image.Width, image.Height) / 4;
        var w = image.Width + 2 * border;
        var h = image.Height + 2 * border;
        var px = new byte[w * h * 3];
        for (var y = 0; y < image.Height; y++)
        {
            Buffer.BlockCopy(image.Pixels, y * image.Width * 3, px, ((y + border) * w + border) * 3, image.Width * 3);
        }
        return (new RgbImage(w, h, px), border);
    }

    // From a bordered copy back to the original image's coordinates (boxes may reach past its edges).
    private static FaceDetection Shift(FaceDetection d, int offset) =>
        offset == 0 ? d : d with { Box = d.Box with { X = d.Box.X - offset, Y = d.Box.Y - offset } };

    private static FaceLandmarks Shift(FaceLandmarks l, int offset, RgbImage original)
    {
        if (offset == 0)
        {
            return l;
        }
        var points = l.Points.Select(p => new System.Numerics.Vector2(p.X - offset, p.Y - offset)).ToArray();
        PixelRect? crop = null;
        if (l.FaceApiCrop is { } c)
        {
            var x0 = Math.Max(0, c.X - offset);
            var y0 = Math.Max(0, c.Y - offset);
            var x1 = Math.Min(original.Width, c.X + c.Width - offset);
            var y1 = Math.Min(original.Height, c.Y + c.Height - offset);
            crop = x1 > x0 && y1 > y0 ? new PixelRect(x0, y0, x1 - x0, y1 - y0) : null;
        }
        return new FaceLandmarks(points, crop);
    }
}
