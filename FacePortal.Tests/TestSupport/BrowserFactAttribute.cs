namespace FacePortal.Tests.TestSupport;

/// <summary>
/// An end-to-end fact in Debian's Chromium (installed by .ci/run); skipped, saying so, where it is absent (or,
/// with <see cref="NeedsLfw"/>, where the shared LFW dataset is absent).
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public bool NeedsLfw { get; set; }

    public override string Skip
    {
        get => base.Skip ?? (NeedsLfw && !Directory.Exists(Path.Combine(RepoPaths.Lfw, "images")) ? $"the shared LFW dataset is absent ({RepoPaths.Lfw})" : null!);
        set => base.Skip = value;
    }

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"no browser at {ChromiumPath} (apt-get install chromium; .ci/run does)";
        }
    }
}
