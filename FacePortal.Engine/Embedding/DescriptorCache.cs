using System.Security.Cryptography;
using System.Text;
using FacePortal.Engine.Detection;
using FacePortal.Engine.Pipeline;

namespace FacePortal.Engine.Embedding;

/// <summary>
/// Primary-face descriptors on disk, keyed by the image's content hash and the pipeline's signature, so a second
/// evaluation (or the portal after the command line) reuses them. One small file per image, written atomically.
/// </summary>
public sealed class DescriptorCache(string directory)
{
    // 2: descriptor and detection stored independently (version 1 dropped descriptors without a detection, so a
    // cached "--aligned" run read every image as "no face"); version 1 entries are recomputed.
    private const int FormatVersion = 2;

    public string Folder(string pipelineSignature) =>
        Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pipelineSignature)))[..16]);

    public static string ContentHash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public bool TryGet(string pipelineSignature, string contentHash, out PrimaryDescriptor result)
    {
        var path = PathOf(pipelineSignature, contentHash);
        result = null!;
        if (!File.Exists(path))
        {
            return false;
        }
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != FormatVersion)
            {
                return false;
            }
            var faceCount = reader.ReadInt32();
            var route = (DetectionRoute)reader.ReadInt32();
            FaceDetection? detection = null;
            float[]? descriptor = null;
            if (reader.ReadBoolean())
            {
                detection = new FaceDetection(new FaceBox(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble()), reader.ReadDouble());
            }
            if (reader.ReadBoolean())
            {
                descriptor = new float[reader.ReadInt32()];
                for (var i = 0; i < descriptor.Length; i++)
                {
                    descriptor[i] = reader.ReadSingle();
                }
            }
            result = new PrimaryDescriptor(descriptor, detection, faceCount, route, null);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false; // a damaged entry is recomputed
        }
    }

    public void Put(string pipelineSignature, string contentHash, PrimaryDescriptor value)
    {
        if (value.Error is not null)
        {
            return; // errors are not cached: the file may be fixed
        }
        var path = PathOf(pipelineSignature, contentHash);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Environment.CurrentManagedThreadId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            writer.Write(FormatVersion);
            writer.Write(value.FaceCount);
            writer.Write((int)value.Route);
            writer.Write(value.Detection is not null);
            if (value.Detection is { } d)
            {
                writer.Write(d.Box.X);
                writer.Write(d.Box.Y);
                writer.Write(d.Box.Width);
                writer.Write(d.Box.Height);
                writer.Write(d.Score);
            }
            writer.Write(value.Descriptor is not null);
            if (value.Descriptor is not null)
            {
                writer.Write(value.Descriptor.Length);
                foreach (var f in value.Descriptor)
                {
                    writer.Write(f);
                }
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    private string PathOf(string signature, string hash) => Path.Combine(Folder(signature), hash[..2], hash + ".bin");
}
