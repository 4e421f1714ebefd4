using System.Security.Cryptography;
using FacePortal.Web.Platform.Data;

namespace FacePortal.Tests.Web.Platform;

public sealed class ImageStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "fp-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void ImageContentOf_Bytes_HashIsTheirLowerCaseSha256()
    {
        byte[] bytes = [1, 2, 3, 4, 5];

        var content = ImageContent.Of(bytes);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), content.Hash);
        Assert.Same(bytes, content.Bytes);
    }

    [Fact]
    public async Task SaveAsync_HashedContent_FiledUnderItsHashWithoutHashingAgain()
    {
        var store = new ImageStore(_folder);
        var bytes = new byte[] { 9, 8, 7, 6 };
        var content = ImageContent.Of(bytes);
        // Changed after hashing: a store that hashed again would file these bytes under another name.
        bytes[0] = 0;

        var hash = await store.SaveAsync(content, CancellationToken.None);

        Assert.Equal(content.Hash, hash);
        Assert.NotEqual(ImageStore.Hash(bytes), hash);
        Assert.Equal(bytes, await store.ReadAsync(hash, CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_Bytes_SameAsHashingThenSaving()
    {
        var store = new ImageStore(_folder);
        byte[] bytes = [4, 4, 4];

        var hash = await store.SaveAsync(bytes, CancellationToken.None);

        Assert.Equal(ImageContent.Of(bytes).Hash, hash);
        Assert.True(store.Exists(hash));
        Assert.Equal(store.PathOf(hash), Path.Combine(_folder, hash[..2], hash));
    }
}
