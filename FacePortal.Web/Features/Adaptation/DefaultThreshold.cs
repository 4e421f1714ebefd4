using FacePortal.Engine.Models.Adapted;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// The adapted model's default decision threshold (what Verify and Identify use): the distance that best separates
/// genuine from impostor pairs of the held-out identities. The head was trained to pull the training identities
/// together, so their genuine distances are shorter than an unseen person's and a threshold fitted on them is too
/// strict for the people the model will meet; the held-out identities are unseen by the head. The before/after
/// evaluation does not use this threshold (TAR@FAR, AUC and EER need none; its accuracy is cross-validated over
/// folds). The training identities are the fallback when the held-out ones give no genuine or no impostor pair.
/// </summary>
internal static class DefaultThreshold
{
    public const string HeldOut = "held-out identities";

    public const string Training = "training identities";

    private const int MaxPairs = 20000;

    public static (double Threshold, string FittedOn) Fit(ProjectionHead head, IReadOnlyList<AdaptationData.Sample> heldOut, IReadOnlyList<AdaptationData.Sample> train) =>
        BestAccuracy(head, heldOut) is { } fromHeldOut ? (fromHeldOut, HeldOut)
        : BestAccuracy(head, train) is { } fromTraining ? (fromTraining, Training)
        : (1.0, Training);

    /// <summary>The balanced-accuracy threshold over the samples' pairs; null when they give no genuine or no impostor pair.</summary>
    public static double? BestAccuracy(ProjectionHead head, IReadOnlyList<AdaptationData.Sample> samples)
    {
        var embedded = samples.Select(s => head.Apply(s.Vector)).ToArray();
        var random = new Random(17);
        var genuine = new List<double>();
        foreach (var group in Enumerable.Range(0, samples.Count).GroupBy(i => samples[i].IdentityId))
        {
            var members = group.ToArray();
            for (var a = 0; a < members.Length && genuine.Count < MaxPairs; a++)
            {
                for (var b = a + 1; b < members.Length && genuine.Count < MaxPairs; b++)
                {
                    genuine.Add(Distance(embedded[members[a]], embedded[members[b]]));
                }
            }
        }
        var impostor = new List<double>();
        for (var tries = 0; impostor.Count < Math.Max(genuine.Count, 100) && tries < 20 * MaxPairs; tries++)
        {
            int a = random.Next(samples.Count), b = random.Next(samples.Count);
            if (samples[a].IdentityId != samples[b].IdentityId)
            {
                impostor.Add(Distance(embedded[a], embedded[b]));
            }
        }
        if (genuine.Count == 0 || impostor.Count == 0)
        {
            return null;
        }
        // Balanced accuracy at each candidate: genuine at or below, impostors above.
        var all = genuine.Select(d => (d, true)).Concat(impostor.Select(d => (d, false))).OrderBy(p => p.d).ToList();
        double best = -1, threshold = all[0].d;
        var genuineBelow = 0;
        var impostorBelow = 0;
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Item2)
            {
                genuineBelow++;
            }
            else
            {
                impostorBelow++;
            }
            var accuracy = ((double)genuineBelow / genuine.Count + (double)(impostor.Count - impostorBelow) / impostor.Count) / 2;
            if (accuracy > best)
            {
                best = accuracy;
                threshold = i + 1 < all.Count ? (all[i].d + all[i + 1].d) / 2 : all[i].d;
            }
        }
        return Math.Round(threshold, 4);
    }

    private static double Distance(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
