namespace FacePortal.Engine.Detection;

/// <summary>
/// The faces of every pass over one image (<see cref="DetectorInput.Plan"/>), as one list: a tile's face cut by one of
/// the tile's inner edges is dropped (the neighbouring tile, which overlaps it, or the whole image sees it whole), the
/// rest go through face-api's non-maximum suppression (IoU 0.4), and a face lying mostly inside a better one is dropped.
/// </summary>
public static class DetectionMerge
{
    /// <summary>A tile's face is cut when its box comes within this fraction of the tile side of an inner edge.</summary>
    public const double EdgeMargin = 0.02;

    /// <summary>A face whose box lies this much (intersection over its own area) inside a better face is the same face.</summary>
    public const double Containment = 0.6;

    /// <param name="found">Each pass's faces in image pixels (the whole image's first).</param>
    /// <param name="width">The image's width.</param>
    /// <param name="height">The image's height.</param>
    /// <returns>Best score first.</returns>
    public static FaceDetection[] Merge(IReadOnlyList<(DetectorPass Pass, FaceDetection[] Faces)> found, int width, int height)
    {
        if (found.Count == 1)
        {
            return found[0].Faces;
        }
        var candidates = found
            .SelectMany(p => p.Faces.Where(f => !p.Pass.IsTile || !CutByInnerEdge(f.Box, p.Pass, width, height)))
            .ToList();
        var picks = FaceApiNonMaxSuppression.Run(candidates.Select(c => c.Box).ToList(), candidates.Select(c => c.Score).ToList(), TinyFaceDetectorDecoder.IouThreshold);
        var kept = new List<FaceDetection>();
        foreach (var pick in picks)
        {
            var face = candidates[pick];
            if (!kept.Any(k => Intersection(face.Box, k.Box) > Containment * face.Box.Area))
            {
                kept.Add(face);
            }
        }
        return [.. kept];
    }

    private static bool CutByInnerEdge(FaceBox box, DetectorPass pass, int width, int height)
    {
        var r = pass.Region;
        var margin = EdgeMargin * Math.Max(r.Width, r.Height);
        return (r.X > 0 && box.X <= r.X + margin)
            || (r.Y > 0 && box.Y <= r.Y + margin)
            || (r.X + r.Width < width && box.Right >= r.X + r.Width - margin)
            || (r.Y + r.Height < height && box.Bottom >= r.Y + r.Height - margin);
    }

    private static double Intersection(FaceBox a, FaceBox b) =>
        Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X)) * Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
}
