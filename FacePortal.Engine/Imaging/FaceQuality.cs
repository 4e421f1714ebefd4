namespace FacePortal.Engine.Imaging;

/// <summary>Cheap image-quality measures for face chips.</summary>
public static class FaceQuality
{
    /// <summary>
    /// Variance of the 4-neighbour Laplacian of the grey image (BT.601 luma, 0..255) over the
    /// interior pixels: high for crisp detail, low for blur. Comparable only between chips of the
    /// same size and content scale (e.g. all 150x150 aligned chips).
    /// </summary>
    public static double Sharpness(RgbImage chip)
    {
        ArgumentNullException.ThrowIfNull(chip);
        var (w, h) = (chip.Width, chip.Height);
        if (w < 3 || h < 3)
        {
            return 0;
        }

        var grey = new double[w * h];
        var px = chip.Pixels;
        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] = 0.299 * px[3 * i] + 0.587 * px[3 * i + 1] + 0.114 * px[3 * i + 2];
        }

        // Welford's running mean and variance: stable for any size.
        double mean = 0, m2 = 0;
        long n = 0;
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = y * w + x;
                var lap = grey[i - 1] + grey[i + 1] + grey[i - w] + grey[i + w] - 4 * grey[i];
                n++;
                var delta = lap - mean;
                mean += delta / n;
                m2 += delta * (lap - mean);
            }
        }
        return m2 / n;
    }
}
