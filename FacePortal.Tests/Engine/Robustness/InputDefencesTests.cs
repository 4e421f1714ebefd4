using FacePortal.Engine.Robustness;

namespace FacePortal.Tests.Engine.Robustness;

[Trait("Category", "Torch")]
public class InputDefencesTests
{
    private const int Size = 150;

    private static float[] Gradient() =>
        [.. Enumerable.Range(0, Size * Size * 3).Select(i => (float)(((i / 3) % Size) * 1.3 + ((i / 3) / Size) * 0.2 + (i % 3) * 10))];

    [Fact]
    public void BitDepth5_LeavesAtMost32LevelsAndMovesLessThanHalfAStep()
    {
        var chip = Gradient();
        var squeezed = InputDefences.Apply(InputDefence.BitDepth5, chip, Size);
        Assert.True(squeezed.Distinct().Count() <= 32);
        Assert.All(chip.Zip(squeezed), p => Assert.True(Math.Abs(p.First - p.Second) <= 255f / 31 / 2 + 1e-3));
    }

    [Fact]
    public void PixelDefences_ChangeTheChipButStayClose()
    {
        var chip = Gradient();
        foreach (var defence in new[] { InputDefence.Jpeg75, InputDefence.Blur, InputDefence.Resize })
        {
            var after = InputDefences.Apply(defence, chip, Size);
            var mean = chip.Zip(after, (a, b) => Math.Abs(a - b)).Average();
            Assert.True(mean is > 0 and < 4, $"{defence}: mean change {mean}");
        }
    }

    [Fact]
    public void Blur_RemovesMostOfACheckerboard()
    {
        var checker = Enumerable.Range(0, Size * Size * 3).Select(i => ((i / 3 % Size) + (i / 3 / Size)) % 2 == 0 ? 100f : 140f).ToArray();
        var blurred = InputDefences.Apply(InputDefence.Blur, checker, Size);
        var contrast = blurred.Max() - blurred.Min();
        Assert.True(contrast < 40 * 0.5, $"contrast left {contrast}");
    }

    [Fact]
    public void MirrorTwice_IsTheIdentity()
    {
        var chip = Gradient();
        Assert.NotEqual(chip, InputDefences.Mirror(chip, Size));
        Assert.Equal(chip, InputDefences.Mirror(InputDefences.Mirror(chip, Size), Size));
    }
}
