namespace FacePortal.Engine.Evaluation;

/// <summary>
/// Sorts scores ascending and carries an int payload along. Large arrays use an LSD radix sort (16-bit digits) on
/// the order-preserving bit pattern of the doubles: several times faster than Array.Sort(keys, items), which
/// dominated a million-pair evaluation. NaN must be filtered out before.
/// </summary>
internal static class ScoreSort
{
    private const int RadixFrom = 1 << 12;
    private const int DigitBits = 16;

    public static void Sort(double[] scores, int[] payload)
    {
        var n = scores.Length;
        if (n < RadixFrom)
        {
            Array.Sort(scores, payload);
            return;
        }

        var keys = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = SortableBits(scores[i]);
        }

        var codes = payload;
        var keysOut = new ulong[n];
        var codesOut = new int[n];
        var counts = new int[1 << DigitBits];
        for (var shift = 0; shift < 64; shift += DigitBits)
        {
            Array.Clear(counts);
            for (var i = 0; i < n; i++)
            {
                counts[(int)(keys[i] >> shift) & 0xFFFF]++;
            }

            if (counts[(int)(keys[0] >> shift) & 0xFFFF] == n)
            {
                continue; // every key has this digit: the pass would not move anything
            }

            var sum = 0;
            for (var d = 0; d < counts.Length; d++)
            {
                var c = counts[d];
                counts[d] = sum;
                sum += c;
            }

            for (var i = 0; i < n; i++)
            {
                var position = counts[(int)(keys[i] >> shift) & 0xFFFF]++;
                keysOut[position] = keys[i];
                codesOut[position] = codes[i];
            }

            (keys, keysOut) = (keysOut, keys);
            (codes, codesOut) = (codesOut, codes);
        }

        for (var i = 0; i < n; i++)
        {
            scores[i] = FromSortableBits(keys[i]);
        }

        if (!ReferenceEquals(codes, payload))
        {
            Array.Copy(codes, payload, n);
        }
    }

    /// <summary>Unsigned order of the result = numeric order of the doubles (-0.0 just below +0.0).</summary>
    internal static ulong SortableBits(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static double FromSortableBits(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key));
}
