using FacePortal.Engine.Evaluation;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Pipeline;

/// <summary>The first images of LFW's official pairs, sorted (the list faceapi-ref's `lfw.mjs --limit N` takes).</summary>
internal static class LfwSample
{
    public static IReadOnlyList<string> First(int count) =>
        PairsFile.Load(SharedData.LfwPairsFiles[0])
            .SelectMany(p => new[] { p.PathA, p.PathB })
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(count)
            .Select(f => Path.Combine(SharedData.LfwImages, f))
            .ToList();
}
