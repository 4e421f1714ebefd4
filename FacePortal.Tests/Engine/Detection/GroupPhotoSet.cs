using FacePortal.Engine.Detection;
using FacePortal.Engine.Imaging;
using FacePortal.Tests.Engine.Models;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FacePortal.Tests.Engine.Detection;

/// <summary>
/// Group photos with small faces: face-api's demo photos (sample1..6.jpg of the npm package, 1920 px wide, 22 faces)
/// scaled down to a given width (ImageSharp's bicubic resize; at 500 px the faces are 38-58 px). The annotation is
/// face-api's SSD MobileNet v1 on the full-size photo (faceapi-ref's goldens, every face above 0.5), scaled the same:
/// at full size the faces are 145-221 px and SSD finds every one (checked by eye on the boxes drawn over the photos;
/// the Tiny detector's goldens hold one duplicate, SSD's none).
/// </summary>
internal static class GroupPhotoSet
{
    public sealed record Photo(string Name, RgbImage Image, FaceBox[] Faces);

    public static IReadOnlyList<Photo> Load(int width) =>
        FaceApiRef.GoldenFiles("sample*.json").Select(file =>
        {
            using var golden = FaceApiRef.Golden(file);
            var image = golden.RootElement.GetProperty("image");
            var name = image.GetProperty("file").GetString()!;
            using var full = Image.Load<Rgb24>(Path.Combine(FaceApiPackage.Directory, "demo", name));
            var scale = width / (double)full.Width;
            full.Mutate(x => x.Resize(width, (int)Math.Round(full.Height * scale)));
            var pixels = new byte[full.Width * full.Height * 3];
            full.CopyPixelDataTo(pixels);
            var (sx, sy) = (full.Width / image.GetProperty("width").GetDouble(), full.Height / image.GetProperty("height").GetDouble());
            var faces = image.GetProperty("ssd").EnumerateArray()
                .Select(b => new FaceBox(b.GetProperty("x").GetDouble() * sx, b.GetProperty("y").GetDouble() * sy, b.GetProperty("w").GetDouble() * sx, b.GetProperty("h").GetDouble() * sy))
                .ToArray();
            return new Photo(name, new RgbImage(full.Width, full.Height, pixels), faces);
        }).ToList();

    /// <summary>Annotated faces matched (greedily, best IoU first) by a detection at IoU >= <paramref name="minIoU"/>; detections matching none.</summary>
    public static (int Found, int Faces, int Extra) Score(IReadOnlyList<Photo> photos, IReadOnlyList<FaceBox[]> detections, double minIoU = 0.3)
    {
        int found = 0, faces = 0, extra = 0;
        for (var i = 0; i < photos.Count; i++)
        {
            var candidates = photos[i].Faces.SelectMany((f, a) => detections[i].Select((d, k) => (a, k, IoU: f.IoU(d))))
                .Where(c => c.IoU >= minIoU).OrderByDescending(c => c.IoU).ToList();
            var (annotated, detected) = (new HashSet<int>(), new HashSet<int>());
            foreach (var (a, k, _) in candidates)
            {
                if (!annotated.Contains(a) && !detected.Contains(k))
                {
                    annotated.Add(a);
                    detected.Add(k);
                }
            }
            found += annotated.Count;
            faces += photos[i].Faces.Length;
            extra += detections[i].Length - detected.Count;
        }
        return (found, faces, extra);
    }
}
