namespace FacePortal.Engine.Adaptation;

/// <summary>
/// P identities x K images per batch, seeded per epoch (so a run resumed at epoch e draws what an uninterrupted one
/// would). Only identities with at least 2 images are drawn (they alone give positives); one with fewer than K images
/// is drawn with repeats.
/// </summary>
public sealed class PkBatchSampler
{
    private readonly int[][] _byIdentity;
    private readonly int _p;
    private readonly int _k;
    private readonly int _seed;

    public PkBatchSampler(IReadOnlyList<int> labels, int p, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _byIdentity = [.. Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).Where(g => g.Count() >= 2).OrderBy(g => g.Key).Select(g => g.ToArray())];
        if (_byIdentity.Length < 2)
        {
            throw new ArgumentException($"Triplet training needs at least 2 training identities with 2 or more images (got {_byIdentity.Length}).");
        }
        _p = Math.Min(p, _byIdentity.Length);
        _k = k;
        _seed = seed;
        SampleCount = _byIdentity.Sum(g => g.Length);
    }

    /// <summary>Identities that can be drawn.</summary>
    public int IdentityCount => _byIdentity.Length;

    /// <summary>Images of those identities.</summary>
    public int SampleCount { get; }

    /// <summary>Enough batches that each drawable image is seen about once per epoch.</summary>
    public int BatchesPerEpoch => Math.Max(1, (int)Math.Ceiling(SampleCount / (double)(_p * _k)));

    /// <summary>
    /// A seed for one epoch that is the same in every process (HashCode.Combine is randomised per process, so a job
    /// resumed after a restart would draw other batches).
    /// </summary>
    public static int EpochSeed(int seed, int epoch, int salt) => unchecked((seed * 1_000_003) ^ (epoch * 7919) ^ salt);

    /// <summary>The epoch's batches: sample indices, K consecutive ones per identity.</summary>
    public IEnumerable<int[]> Epoch(int epoch)
    {
        var random = new Random(EpochSeed(_seed, epoch, 0x5EED));
        var order = Enumerable.Range(0, _byIdentity.Length).ToArray();
        var next = order.Length;
        for (var b = 0; b < BatchesPerEpoch; b++)
        {
            var batch = new int[_p * _k];
            var chosen = new HashSet<int>();
            for (var i = 0; i < _p; i++)
            {
                // Cycle through shuffled identities so every one comes up before any comes up twice.
                int id;
                do
                {
                    if (next >= order.Length)
                    {
                        random.Shuffle(order);
                        next = 0;
                    }
                    id = order[next++];
                }
                while (!chosen.Add(id));
                var images = _byIdentity[id];
                if (images.Length >= _k)
                {
                    var copy = (int[])images.Clone();
                    random.Shuffle(copy);
                    Array.Copy(copy, 0, batch, i * _k, _k);
                }
                else
                {
                    for (var j = 0; j < _k; j++)
                    {
                        batch[i * _k + j] = images[j < images.Length ? j : random.Next(images.Length)];
                    }
                }
            }
            yield return batch;
        }
    }
}
