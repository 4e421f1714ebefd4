using FacePortal.Engine;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Landmarks;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Features.Galleries;

/// <summary>Files real images the way an import does: every face the engine finds, with landmarks, quality and descriptor.</summary>
public static class EngineSeeder
{
    public static async Task<GalleryImage> AddAnalyzedImageAsync(this PortalTestDatabase data, FaceEngine engine, int identityId, string path)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        var image = engine.Decoder.Decode(bytes, path);
        var found = engine.Pipeline.Analyze([image], FaceSelection.All, CancellationToken.None)[0];
        var faces = found.Faces.Select((f, index) => new DetectedFace
        {
            Index = index,
            X = f.Detection.X,
            Y = f.Detection.Y,
            Width = f.Detection.Width,
            Height = f.Detection.Height,
            Score = f.Detection.Score,
            Landmarks = LandmarkCodec.Pack(f.Landmarks?.Points),
            Sharpness = f.Landmarks is { } lm ? Sharpness(engine, image, lm) : 0,
            Yaw = f.Landmarks is { } ly ? Yaw(ly) : 0,
            Descriptors = f.Descriptor is null ? [] : [new FaceDescriptor { Model = engine.Pipeline.Signature, Vector = f.Descriptor }],
        }).ToArray();
        var stored = await data.AddImageAsync(identityId, bytes, Path.GetFileName(path), faces);
        await using var db = await data.CreateDbContextAsync();
        var row = await db.Images.FindAsync(stored.Id);
        row!.Width = image.Width;
        row.Height = image.Height;
        row.PrimaryFaceIndex = found.PrimaryIndex;
        await db.SaveChangesAsync();
        return row;
    }

    private static double Sharpness(FaceEngine engine, RgbImage image, FaceLandmarks landmarks)
    {
        var chip = engine.Pipeline.Align(image, landmarks);
        var size = (int)Math.Sqrt(chip.Length / 3);
        return FaceQuality.Sharpness(new RgbImage(size, size, [.. chip.Select(v => (byte)Math.Clamp(v, 0, 255))]));
    }

    // Nose tip against the midpoint of the outer eye corners, over half their distance: a rough yaw for test data.
    private static double Yaw(FaceLandmarks l)
    {
        var (left, right, nose) = (l.Points[36], l.Points[45], l.Points[30]);
        var half = (right.X - left.X) / 2;
        return half <= 0 ? 0 : Math.Asin(Math.Clamp((nose.X - (left.X + right.X) / 2) / half, -1, 1)) * 180 / Math.PI;
    }
}
