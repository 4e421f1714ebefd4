using System.Numerics;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Landmarks;

/// <summary>
/// face-api's steps around the 68-point landmark net (faceapi-ref README "Descriptor crop, step by step"):
/// detection box -> landmark crop, raw 136 outputs -> image points, points -> dlib-style alignment box,
/// alignment box -> descriptor crop. Rounding follows face-api step by step (float32 where its tensors are,
/// double where its JS is) so boxes come out identical.
/// </summary>
public static class FaceLandmarkMapper
{
    public const int PointCount = 68;
    public const int RawLength = PointCount * 2;
    public const int InputSize = 112;

    /// <summary>
    /// Step 1: the crop fed to the landmark net (clip to the image, then floor x, y, w, h separately);
    /// null when nothing of the box lies inside the image (face-api skips such faces).
    /// </summary>
    public static PixelRect? LandmarkInputBox(FaceBox detection, int imageWidth, int imageHeight)
    {
        // extractFaceTensors uses detection.forSize(W, H): relative and back, which can move the last bit.
        var x = detection.X * (1.0 / imageWidth) * imageWidth;
        var y = detection.Y * (1.0 / imageHeight) * imageHeight;
        var w = detection.Width * (1.0 / imageWidth) * imageWidth;
        var h = detection.Height * (1.0 / imageHeight) * imageHeight;
        return ClipAndFloor(x, y, w, h, imageWidth, imageHeight);
    }

    /// <summary>Steps 2-3: the raw net output (x,y interleaved, relative to the padded 112 square) -> 68 image points.</summary>
    public static Vector2[] ToImagePoints(ReadOnlySpan<float> raw, PixelRect landmarkInputBox, FaceBox detection)
    {
        var points = ImagePoints(raw, landmarkInputBox, detection);
        var result = new Vector2[PointCount];
        for (var i = 0; i < PointCount; i++)
        {
            result[i] = new Vector2((float)points[i].X, (float)points[i].Y);
        }
        return result;
    }

    /// <summary>
    /// Step 4: face-api's dlib-style alignment box (axis-aligned, not clipped), from the eye and mouth centres.
    /// Computed from the raw output in double precision, as face-api does, rather than from rounded points.
    /// </summary>
    public static PixelRect AlignmentBox(ReadOnlySpan<float> raw, PixelRect landmarkInputBox, FaceBox detection)
    {
        var p = ImagePoints(raw, landmarkInputBox, detection);
        var leftEye = Centre(p, 36, 42);
        var rightEye = Centre(p, 42, 48);
        var mouth = Centre(p, 48, 68);
        var eyeToMouth = (Distance(mouth, leftEye) + Distance(mouth, rightEye)) / 2;
        var size = Math.Floor(eyeToMouth / 0.45);
        var refX = (0 + leftEye.X + rightEye.X + mouth.X) / 3;
        var refY = (0 + leftEye.Y + rightEye.Y + mouth.Y) / 3;
        var x = Math.Floor(Math.Max(0, refX - 0.5 * size));
        var y = Math.Floor(Math.Max(0, refY - 0.43 * size));
        // face-api quirk: the cap uses the landmark crop's size, not the image's (so in practice w = h = size).
        var w = Math.Min(size, landmarkInputBox.Width + x);
        var h = Math.Min(size, landmarkInputBox.Height + y);
        return new PixelRect((int)x, (int)y, (int)w, (int)h);
    }

    /// <summary>Step 5: the crop fed to the recognition net: the alignment box clipped to the image and floored; null when empty.</summary>
    public static PixelRect? DescriptorInputBox(PixelRect alignmentBox, int imageWidth, int imageHeight) =>
        ClipAndFloor(alignmentBox.X, alignmentBox.Y, alignmentBox.Width, alignmentBox.Height, imageWidth, imageHeight);

    // Box.clipAtImageBorders then floor; face-api drops boxes left with no width or height.
    private static PixelRect? ClipAndFloor(double x, double y, double w, double h, int imageWidth, int imageHeight)
    {
        var cx = Math.Max(x, 0);
        var cy = Math.Max(y, 0);
        var cw = Math.Min(x + w - cx, imageWidth - cx);
        var ch = Math.Min(y + h - cy, imageHeight - cy);
        var rect = new PixelRect((int)Math.Floor(cx), (int)Math.Floor(cy), (int)Math.Floor(cw), (int)Math.Floor(ch));
        return rect.Width > 0 && rect.Height > 0 ? rect : null;
    }

    private static (double X, double Y)[] ImagePoints(ReadOnlySpan<float> raw, PixelRect box, FaceBox detection)
    {
        if (raw.Length != RawLength)
        {
            throw new ArgumentException($"Expected {RawLength} raw landmark values, got {raw.Length}.", nameof(raw));
        }
        if (box.Width <= 0 || box.Height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(box), box, "The landmark crop is empty.");
        }
        double cw = box.Width;
        double ch = box.Height;
        // postProcess, in float32 tensors: (out * 112 - pad) / scaledSize, pad assuming an exact half split
        // (face-api quirk: the real pad was floor(d/2) pixels at crop scale).
        var scale = InputSize / Math.Max(cw, ch);
        var w2 = cw * scale;
        var h2 = ch * scale;
        var padX = (float)(w2 < h2 ? Math.Abs(w2 - h2) / 2 : 0);
        var padY = (float)(h2 < w2 ? Math.Abs(w2 - h2) / 2 : 0);
        var w2f = (float)w2;
        var h2f = (float)h2;
        var points = new (double, double)[PointCount];
        for (var i = 0; i < PointCount; i++)
        {
            double relX = (raw[2 * i] * (float)InputSize - padX) / w2f;
            double relY = (raw[2 * i + 1] * (float)InputSize - padY) / h2f;
            // FaceLandmarks scales by the crop size, shiftBy goes back to relative and then adds the
            // (unfloored) detection origin.
            var x = relX * cw / cw * cw + detection.X;
            var y = relY * ch / ch * ch + detection.Y;
            points[i] = (x, y);
        }
        return points;
    }

    // getCenterPoint: a running sum from (0,0), then a division by the count.
    private static (double X, double Y) Centre((double X, double Y)[] p, int from, int to)
    {
        double sx = 0, sy = 0;
        for (var i = from; i < to; i++)
        {
            sx += p[i].X;
            sy += p[i].Y;
        }
        return (sx / (to - from), sy / (to - from));
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
