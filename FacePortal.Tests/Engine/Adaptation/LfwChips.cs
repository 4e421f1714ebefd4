using FacePortal.Engine;
using FacePortal.Engine.Pipeline;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Engine.Adaptation;

/// <summary>Real face chips for last-block tests: the first LFW people (by name) with enough photos, cut by the engine's pipeline.</summary>
internal static class LfwChips
{
    /// <summary>Up to <paramref name="each"/> chips of each of <paramref name="people"/> identities (ids 0..), as the pipeline aligns them.</summary>
    public static (List<float[]> Chips, List<int> Labels) Load(FaceEngine engine, int people, int each)
    {
        var folders = Directory.GetDirectories(Path.Combine(RepoPaths.Lfw, "images")).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray())
            .Where(f => f.Length >= each).Take(people).ToList();
        var chips = new List<float[]>();
        var labels = new List<int>();
        for (var id = 0; id < folders.Count; id++)
        {
            var images = folders[id].Take(each).Select(engine.Decoder.DecodeFile).ToList();
            var faces = engine.Pipeline.Analyze(images, FaceSelection.Primary, CancellationToken.None);
            for (var i = 0; i < images.Count; i++)
            {
                if (faces[i].Primary?.Landmarks is { } landmarks)
                {
                    chips.Add(engine.Pipeline.Align(images[i], landmarks));
                    labels.Add(id);
                }
            }
        }
        return (chips, labels);
    }
}
