namespace FacePortal.Engine.Detection;

/// <summary>
/// face-api's ops/nonMaxSuppression, to the letter: a stable ascending sort by score, pop the best, drop every
/// remaining box whose overlap with it is above the threshold, repeat. No score filter and no result cap.
/// </summary>
public static class FaceApiNonMaxSuppression
{
    /// <summary>
    /// Indices of the kept boxes, best score first (equal scores: the later index wins, as in face-api).
    /// isIoU true: intersection / union; false: intersection / smaller area (face-api's other variant).
    /// </summary>
    public static int[] Run(IReadOnlyList<FaceBox> boxes, IReadOnlyList<double> scores, double iouThreshold, bool isIoU = true)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(scores);
        if (boxes.Count != scores.Count)
        {
            throw new ArgumentException($"{boxes.Count} boxes but {scores.Count} scores.", nameof(scores));
        }

        // OrderBy is stable, like Array.prototype.sort; popping from the end takes the highest score.
        var remaining = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToList();
        var pick = new List<int>();
        while (remaining.Count > 0)
        {
            var current = remaining[^1];
            remaining.RemoveAt(remaining.Count - 1);
            pick.Add(current);
            // "keep if overlap <= threshold": a NaN overlap (two empty boxes) drops the box, as in JS.
            remaining = remaining.Where(i => Overlap(boxes[current], boxes[i], isIoU) <= iouThreshold).ToList();
        }
        return [.. pick];
    }

    /// <summary>face-api's ops/iou, without guarding the division (0/0 gives NaN there too).</summary>
    public static double Overlap(FaceBox a, FaceBox b, bool isIoU = true)
    {
        var width = Math.Max(0.0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X));
        var height = Math.Max(0.0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
        var intersection = width * height;
        return isIoU
            ? intersection / (a.Area + b.Area - intersection)
            : intersection / Math.Min(a.Area, b.Area);
    }
}
