using System.Security.Cryptography;

namespace FacePortal.Web.Platform.Data;

/// <summary>
/// Image bytes on disk, named by their SHA-256 (so a file is stored once however often it is imported), written
/// atomically. Paths are built from the hash alone: nothing a user sends ever becomes part of a path.
/// </summary>
public sealed class ImageStore(string folder)
{
    public string Folder => folder;

    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public string PathOf(string hash)
    {
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a SHA-256 hex string.", nameof(hash));
        }
        return Path.Combine(folder, hash[..2], hash);
    }

    public Task<string> SaveAsync(byte[] content, CancellationToken cancellationToken) => SaveAsync(ImageContent.Of(content), cancellationToken);

    /// <summary>Files content hashed earlier (by <see cref="ImageContent.Of"/>) under its hash, without hashing it again.</summary>
    public async Task<string> SaveAsync(ImageContent content, CancellationToken cancellationToken)
    {
        var path = PathOf(content.Hash);
        if (File.Exists(path))
        {
            return content.Hash;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content.Bytes, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return content.Hash;
    }

    public bool Exists(string hash) => File.Exists(PathOf(hash));

    public Task<byte[]> ReadAsync(string hash, CancellationToken cancellationToken) => File.ReadAllBytesAsync(PathOf(hash), cancellationToken);

    public void Delete(string hash)
    {
        var path = PathOf(hash);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
