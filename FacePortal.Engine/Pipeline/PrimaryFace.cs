using FacePortal.Engine.Detection;

namespace FacePortal.Engine.Pipeline;

/// <summary>
/// Picks the face an image is "of": among the faces at least half as large as the largest, the one whose centre is
/// nearest the image centre (LFW's subject is centred; a large background face must not win by size alone).
/// </summary>
public static class PrimaryFace
{
    public static int Select(IReadOnlyList<FaceDetection> faces, int width, int height)
    {
        if (faces.Count == 0)
        {
            return -1;
        }
        var largest = faces.Max(f => Math.Sqrt(f.Box.Area));
        var best = -1;
        var bestDistance = double.MaxValue;
        for (var i = 0; i < faces.Count; i++)
        {
            var b = faces[i].Box;
            if (Math.Sqrt(b.Area) < 0.5 * largest)
            {
                continue;
            }
            var dx = b.X + b.Width / 2 - width / 2.0;
            var dy = b.Y + b.Height / 2 - height / 2.0;
            var d = dx * dx + dy * dy;
            if (d < bestDistance)
            {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }
}
