using System.Security.Cryptography;
using System.Text;

namespace FacePortal.Engine.Models;

/// <summary>
/// Converted ONNX models on disk, keyed by the source weights and the converter's version, written atomically
/// (a temp file renamed into place) so that a crash or a second process never leaves half a model behind.
/// </summary>
public sealed class ConvertedModelCache(ModelStoreOptions options)
{
    public string Directory => Path.Combine(Path.GetFullPath(options.ModelsDirectory), "onnx");

    /// <summary>Where the model converted from <paramref name="sourceKey"/> is (or will be) cached; no I/O.</summary>
    public string PathFor(string name, string sourceKey) =>
        Path.Combine(Directory, $"{name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceKey)))[..12]}.onnx");

    /// <summary>Returns the path of the cached model, converting it first when absent.</summary>
    public async Task<string> GetOrCreateAsync(string name, string sourceKey, Func<byte[]> convert, CancellationToken cancellationToken)
    {
        var path = PathFor(name, sourceKey);
        if (File.Exists(path))
        {
            return path;
        }
        System.IO.Directory.CreateDirectory(Directory);
        var bytes = await Task.Run(convert, cancellationToken).ConfigureAwait(false);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
