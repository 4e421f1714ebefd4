using FacePortal.Engine.Alignment;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Robustness;

namespace FacePortal.Tests.Engine.Robustness;

[Trait("Category", "Torch")]
public class ChipPerturbationMapperTests
{
    private const int Size = 150;

    // A 250x250 photo of smooth noise, and a chip rotated 10 degrees at scale 1.1 over its middle.
    private static RgbImage Photo()
    {
        var random = new Random(3);
        var px = new byte[250 * 250 * 3];
        for (var i = 0; i < px.Length; i++)
        {
            px[i] = (byte)random.Next(40, 216);
        }
        return new RgbImage(250, 250, px);
    }

    private static readonly Affine2D ChipToImage = Affine2D.Similarity(1.1, 10 * Math.PI / 180, 60, 40);

    [Fact]
    public void Constant_ChipDelta_MovesOnlyTheFootprintAndStaysInTheBudget()
    {
        var photo = Photo();
        var delta = Enumerable.Repeat(5f, Size * Size * 3).ToArray();

        var (perturbed, max) = ChipPerturbationMapper.Apply(photo, ChipToImage, delta, Size, 2);

        Assert.Equal(2, max);
        var toChip = ChipToImage.Inverse();
        var inside = 0;
        for (var y = 0; y < 250; y++)
        {
            for (var x = 0; x < 250; x++)
            {
                var p = toChip.Apply(x, y);
                var i = (y * 250 + x) * 3;
                var change = perturbed.Pixels[i] - photo.Pixels[i];
                if (p.X is >= 0 and <= Size - 1 && p.Y is >= 0 and <= Size - 1)
                {
                    Assert.Equal(2, change);
                    inside++;
                }
                else if (p.X < -1 || p.Y < -1 || p.X > Size || p.Y > Size)
                {
                    Assert.Equal(0, change);
                }
            }
        }
        Assert.InRange(inside, 15_000, 250 * 250);
        Assert.NotSame(photo.Pixels, perturbed.Pixels);
    }

    [Fact]
    public void SubLevelBudget_LeavesThePhotoUnchanged()
    {
        var photo = Photo();
        var delta = Enumerable.Repeat(0.5f, Size * Size * 3).ToArray();

        var (perturbed, max) = ChipPerturbationMapper.Apply(photo, ChipToImage, delta, Size, 0.5);

        Assert.Equal(0, max);
        Assert.Equal(photo.Pixels, perturbed.Pixels);
    }

    [Fact]
    public void SignPattern_SurvivesTheRoundTripThroughTheAlignment()
    {
        // A sign pattern as FGSM makes, carried to the photo and sampled back as the pipeline would sample the chip.
        var photo = Photo();
        var random = new Random(5);
        var delta = new float[Size * Size * 3];
        for (var i = 0; i < delta.Length; i += 3 * 8)
        {
            var sign = random.Next(2) == 0 ? -4f : 4f;
            for (var k = i; k < Math.Min(delta.Length, i + 3 * 8); k++)
            {
                delta[k] = sign; // runs of 8 pixels, so interpolation keeps most of them
            }
        }
        var (perturbed, _) = ChipPerturbationMapper.Apply(photo, ChipToImage, delta, Size, 4);

        var before = ChipSampler.Sample(photo, ChipToImage, Size, Size);
        var after = ChipSampler.Sample(perturbed, ChipToImage, Size, Size);
        var agree = 0;
        var counted = 0;
        for (var i = 0; i < delta.Length; i++)
        {
            var change = after.Pixels[i] - before.Pixels[i];
            if (change != 0)
            {
                counted++;
                agree += Math.Sign(change) == Math.Sign(delta[i]) ? 1 : 0;
            }
        }
        Assert.True(counted > delta.Length / 2, $"only {counted} chip values changed");
        Assert.True(agree > 0.85 * counted, $"{agree} of {counted} changes kept the sign");
    }

    [Fact]
    public void WrongLength_IsRefused() =>
        Assert.Contains("150x150", Assert.Throws<ArgumentException>(() => ChipPerturbationMapper.Apply(Photo(), ChipToImage, new float[10], Size, 4)).Message);
}
