using FacePortal.Engine.Imaging;
using FacePortal.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FacePortal.Tests.Web.Features.Galleries;

public class FaceCropsTests
{
    private static RgbImage Chip(byte seed)
    {
        var pixels = new byte[150 * 150 * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 + seed);
        }
        return new RgbImage(150, 150, pixels);
    }

    private static byte[] Pixels(string png)
    {
        using var image = Image.Load<Rgb24>(png);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    [Fact]
    public async Task GetAsync_ChipKeptAtImport_ServedAsKeptWithoutTheEngine()
    {
        // The engine host is never started here: a crop that needed it would not come back.
        await using var data = await PortalTestDatabase.CreateAsync();
        var identity = await data.AddIdentityAsync(await data.AddGalleryAsync("g"), "p");
        var image = await data.AddImageAsync(identity, faces: PortalTestDatabase.Face(null));
        var chip = Chip(3);

        await data.Crops.SaveAsync(image.ContentHash, 0, chip, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = await data.Crops.GetAsync(image.ContentHash, 0, timeout.Token);

        Assert.NotNull(path);
        Assert.Equal(chip.Pixels, Pixels(path));
    }

    [Fact]
    public async Task SaveAsync_ChipAlreadyKept_KeepsTheFirst()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var identity = await data.AddIdentityAsync(await data.AddGalleryAsync("g"), "p");
        var image = await data.AddImageAsync(identity, faces: PortalTestDatabase.Face(null));

        await data.Crops.SaveAsync(image.ContentHash, 0, Chip(1), CancellationToken.None);
        await data.Crops.SaveAsync(image.ContentHash, 0, Chip(2), CancellationToken.None);

        var path = await data.Crops.GetAsync(image.ContentHash, 0, CancellationToken.None);
        Assert.Equal(Chip(1).Pixels, Pixels(path!));
    }

    [Fact]
    public async Task GetAsync_KeptChipCutShort_IgnoredAndRemoved()
    {
        // A chip file a crash cut short is not served: the crop is made as if none were kept (here: no landmarks, no crop).
        await using var data = await PortalTestDatabase.CreateAsync();
        var identity = await data.AddIdentityAsync(await data.AddGalleryAsync("g"), "p");
        var image = await data.AddImageAsync(identity, faces: PortalTestDatabase.Face(null));
        await data.Crops.SaveAsync(image.ContentHash, 0, Chip(4), CancellationToken.None);
        var raw = Path.Combine(data.Crops.Folder, image.ContentHash[..2], $"{image.ContentHash}-0.chip");
        var bytes = await File.ReadAllBytesAsync(raw);
        await File.WriteAllBytesAsync(raw, bytes[..(bytes.Length / 2)]);

        var path = await data.Crops.GetAsync(image.ContentHash, 0, CancellationToken.None);

        Assert.Null(path);
        Assert.False(File.Exists(raw));
    }

    [Fact]
    public async Task Delete_ChipsKeptRawAndEncoded_RemovesBoth()
    {
        await using var data = await PortalTestDatabase.CreateAsync();
        var identity = await data.AddIdentityAsync(await data.AddGalleryAsync("g"), "p");
        var image = await data.AddImageAsync(identity, faces: PortalTestDatabase.Face(null));
        await data.Crops.SaveAsync(image.ContentHash, 0, Chip(1), CancellationToken.None);
        await data.Crops.SaveAsync(image.ContentHash, 1, Chip(2), CancellationToken.None);
        Assert.NotNull(await data.Crops.GetAsync(image.ContentHash, 1, CancellationToken.None)); // face 1 encoded, face 0 still raw
        var folder = Path.Combine(data.Crops.Folder, image.ContentHash[..2]);
        Assert.Equal(2, Directory.GetFiles(folder, image.ContentHash + "-*").Length);

        data.Crops.Delete(image.ContentHash);

        Assert.Empty(Directory.GetFiles(folder, image.ContentHash + "-*"));
    }
}
