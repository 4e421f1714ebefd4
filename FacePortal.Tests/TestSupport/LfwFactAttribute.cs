using FacePortal.Tests.Engine.Models;

namespace FacePortal.Tests.TestSupport;

/// <summary>A fact that needs the shared LFW dataset (and face-api's goldens); skipped, saying so, when it is absent.</summary>
public sealed class LfwFactAttribute : FactAttribute
{
    public LfwFactAttribute()
    {
        if (!File.Exists(Path.Combine(RepoPaths.Lfw, "pairs.txt")))
        {
            Skip = $"the shared LFW dataset is absent (expected {RepoPaths.Lfw})";
        }
        else if (FaceApiRef.MissingReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
