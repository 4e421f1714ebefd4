namespace FacePortal.Engine.Detection.Ssd;

/// <summary>
/// face-api's <c>SsdMobilenetv1.locateFaces</c> after the network: greedy NMS on the relative boxes, then the
/// conversion from the bottom/right-padded 512 square back to original-image pixels. Works in float64 like JS.
/// </summary>
public static class SsdDecoder
{
    /// <summary>
    /// Decodes one image's outputs of <see cref="SsdMobilenetV1Converter"/>: <paramref name="boxes"/> holds
    /// n x (ymin,xmin,ymax,xmax) relative to the padded square, <paramref name="scores"/> n face scores.
    /// Returns the faces in NMS order (score descending), in pixels of the <paramref name="imageWidth"/> x
    /// <paramref name="imageHeight"/> original.
    /// </summary>
    public static IReadOnlyList<FaceDetection> Decode(
        ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, int imageWidth, int imageHeight,
        SsdDecoderOptions? options = null, int inputSize = SsdMobilenetV1Converter.InputSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        options ??= new SsdDecoderOptions();
        var kept = NonMaxSuppression(boxes, scores, options.MaxResults, options.IouThreshold, options.MinConfidence);

        // NetInput.getReshapedInputDimensions: the image's size inside the padded square, rounded (Math.round).
        var scale = inputSize / (double)Math.Max(imageWidth, imageHeight);
        var padX = inputSize / Math.Round(imageWidth * scale, MidpointRounding.AwayFromZero);
        var padY = inputSize / Math.Round(imageHeight * scale, MidpointRounding.AwayFromZero);

        var faces = new List<FaceDetection>(kept.Count);
        foreach (var i in kept)
        {
            var top = Math.Max(0, (double)boxes[i * 4]) * padY;
            var bottom = Math.Min(1.0, boxes[i * 4 + 2]) * padY;
            var left = Math.Max(0, (double)boxes[i * 4 + 1]) * padX;
            var right = Math.Min(1.0, boxes[i * 4 + 3]) * padX;
            // new Rect(left, top, right - left, bottom - top).rescale(imageDims): each term times W or H.
            faces.Add(new FaceDetection(
                new FaceBox(left * imageWidth, top * imageHeight, (right - left) * imageWidth, (bottom - top) * imageHeight), scores[i]));
        }
        return faces;
    }

    /// <summary>
    /// face-api's ssdMobilenetv1/nonMaxSuppression: candidates with score &gt; <paramref name="scoreThreshold"/>,
    /// stable sort by score descending, a candidate is kept unless its IoU with a kept box exceeds
    /// <paramref name="iouThreshold"/>; stops at <paramref name="maxResults"/>. Returns the kept indices in order.
    /// </summary>
    public static IReadOnlyList<int> NonMaxSuppression(
        ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, int maxResults, double iouThreshold, double scoreThreshold)
    {
        if (boxes.Length != scores.Length * 4)
        {
            throw new ArgumentException($"{boxes.Length} box values for {scores.Length} scores: expected 4 per score.", nameof(boxes));
        }
        var candidates = new List<int>();
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > scoreThreshold)
            {
                candidates.Add(i);
            }
        }
        // JS Array.prototype.sort is stable: ties keep index order. List.Sort is not, so break ties by index.
        var s = scores.ToArray();
        candidates.Sort((a, b) => s[a] != s[b] ? s[b].CompareTo(s[a]) : a.CompareTo(b));

        var limit = Math.Min(maxResults, scores.Length);
        var selected = new List<int>();
        foreach (var c in candidates)
        {
            if (selected.Count >= limit)
            {
                break;
            }
            var suppressed = false;
            for (var j = selected.Count - 1; j >= 0 && !suppressed; j--)
            {
                // Written as !(<=) so a NaN IoU suppresses, as face-api's suppressFunc does.
                suppressed = !(Iou(boxes.Slice(c * 4, 4), boxes.Slice(selected[j] * 4, 4)) <= iouThreshold);
            }
            if (!suppressed)
            {
                selected.Add(c);
            }
        }
        return selected;
    }

    /// <summary>
    /// face-api's SSD IoU on (ymin,xmin,ymax,xmax) boxes: corners sorted per axis first, 0 when either area is
    /// not positive, intersection / (areaA + areaB - intersection).
    /// </summary>
    public static double Iou(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double yminA = Math.Min(a[0], a[2]), xminA = Math.Min(a[1], a[3]);
        double ymaxA = Math.Max(a[0], a[2]), xmaxA = Math.Max(a[1], a[3]);
        double yminB = Math.Min(b[0], b[2]), xminB = Math.Min(b[1], b[3]);
        double ymaxB = Math.Max(b[0], b[2]), xmaxB = Math.Max(b[1], b[3]);
        var areaA = (ymaxA - yminA) * (xmaxA - xminA);
        var areaB = (ymaxB - yminB) * (xmaxB - xminB);
        if (areaA <= 0 || areaB <= 0)
        {
            return 0;
        }
        var intersection = Math.Max(Math.Min(ymaxA, ymaxB) - Math.Max(yminA, yminB), 0.0)
            * Math.Max(Math.Min(xmaxA, xmaxB) - Math.Max(xminA, xminB), 0.0);
        return intersection / (areaA + areaB - intersection);
    }
}
