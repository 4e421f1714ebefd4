using FacePortal.Engine.Models.Adapted;
using FacePortal.Web.Features.Adaptation;

namespace FacePortal.Tests.Web.Adaptation;

/// <summary>The adapted model's default threshold comes from the held-out identities' pairs, the training ones only as a fallback.</summary>
[Trait("Category", "Torch")]
public class DefaultThresholdTests
{
    // Identity on 2-d descriptors: the distances are chords of the unit circle.
    private static readonly ProjectionHead Identity = new([new DenseLayer(2, 2, [1, 0, 0, 1], [0, 0])]);

    private static AdaptationData.Sample At(int image, int identity, double angle) =>
        new(image, identity, [(float)Math.Cos(angle), (float)Math.Sin(angle)]);

    // Training identities as the head leaves them: tight (genuine chords <= 0.02) and close to each other (impostors >= 0.18).
    private static List<AdaptationData.Sample> Training() =>
        [.. Enumerable.Range(0, 8).SelectMany(p => new[] { -0.01, 0, 0.01 }.Select((d, i) => At(100 + 3 * p + i, p + 1, 0.2 * p + d)))];

    // Unseen identities: spread (genuine chords <= 0.78) and far apart (impostors >= 1.19).
    private static List<AdaptationData.Sample> HeldOut(params double[] offsets) =>
        [.. Enumerable.Range(0, 3).SelectMany(p => offsets.Select((d, i) => At(200 + 3 * p + i, 50 + p, 2.1 * p + d)))];

    [Fact]
    public void Fit_HeldOutIdentitiesWithPairs_ThresholdSeparatesTheirPairsNotTheTrainingOnes()
    {
        var (threshold, fittedOn) = DefaultThreshold.Fit(Identity, HeldOut(-0.4, 0, 0.4), Training());

        Assert.Equal(DefaultThreshold.HeldOut, fittedOn);
        Assert.InRange(threshold, 0.78, 1.2);
        // On the training identities alone it would be far stricter: every unseen genuine pair would be rejected.
        Assert.InRange(DefaultThreshold.BestAccuracy(Identity, Training())!.Value, 0.02, 0.18);
    }

    [Fact]
    public void Fit_HeldOutIdentitiesWithOneImageEach_FallsBackToTheTrainingIdentities()
    {
        var (threshold, fittedOn) = DefaultThreshold.Fit(Identity, HeldOut(0), Training());

        Assert.Equal(DefaultThreshold.Training, fittedOn);
        Assert.InRange(threshold, 0.02, 0.18);
        Assert.Null(DefaultThreshold.BestAccuracy(Identity, HeldOut(0)));
    }
}
