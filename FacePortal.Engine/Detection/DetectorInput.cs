using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Detection;

/// <summary>
/// How the Tiny Face Detector sees an image. The whole image always, at <see cref="MaxInputSize"/> or, when the input
/// follows the image, at its longer side rounded up to a multiple of 32 (never more than <see cref="MaxInputSize"/>):
/// a 250x250 image runs at 256 instead of 416, for the same faces. An image squeezed into the input (longer side above
/// <see cref="MaxInputSize"/>) also runs as <see cref="Tiles"/> overlapping square tiles along its longer side (and
/// as many as cover the other), each at <see cref="MaxInputSize"/>: its small faces stay large enough to be found.
/// </summary>
public sealed record DetectorInput(int MaxInputSize, bool FollowsImage, int Tiles, double TileOverlap)
{
    /// <summary>face-api's: the whole image at 416, nothing else.</summary>
    public static DetectorInput FaceApi { get; } = new(416, false, 0, 0);

    public int WholeImageSize(int width, int height) =>
        FollowsImage ? Math.Min(MaxInputSize, RoundUp32(Math.Max(width, height))) : MaxInputSize;

    /// <summary>The passes for one image: the whole image first, then the tiles (rows, then columns).</summary>
    public IReadOnlyList<DetectorPass> Plan(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var passes = new List<DetectorPass> { new(new PixelRect(0, 0, width, height), WholeImageSize(width, height), false) };
        var longer = Math.Max(width, height);
        if (Tiles < 2 || longer <= MaxInputSize)
        {
            return passes;
        }
        // n tiles of side s overlapping by a fraction o cover n*s - (n-1)*o*s pixels.
        var side = (int)Math.Ceiling(longer / (Tiles - (Tiles - 1) * TileOverlap));
        foreach (var y in Starts(height, side))
        {
            foreach (var x in Starts(width, side))
            {
                passes.Add(new DetectorPass(new PixelRect(x, y, Math.Min(side, width - x), Math.Min(side, height - y)), MaxInputSize, true));
            }
        }
        return passes;
    }

    // Tile origins along one side: evenly spread from 0 to length - side, neighbours overlapping by at least TileOverlap.
    private IEnumerable<int> Starts(int length, int side)
    {
        if (side >= length)
        {
            yield return 0;
            yield break;
        }
        var step = side * (1 - TileOverlap);
        var count = (int)Math.Ceiling((length - side) / step - 1e-9) + 1;
        for (var k = 0; k < count; k++)
        {
            yield return (int)Math.Round(k * (length - side) / (double)(count - 1));
        }
    }

    private static int RoundUp32(int value) => Math.Max(32, (value + 31) / 32 * 32);
}
