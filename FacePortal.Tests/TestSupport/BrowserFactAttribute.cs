namespace FacePortal.Tests.TestSupport;

/// <summary>
/// An end-to-end fact in Debian's Chromium (<see cref="ChromiumPath"/>, installed by .ci/run); skipped, saying so,
/// where it is absent, and with <see cref="NeedsLfw"/> where the shared LFW images are absent.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"needs Chromium: {ChromiumPath} absent (apt-get install chromium; .ci/run does)";
        }
    }

    /// <summary>Also needs the shared LFW images (../shared/datasets/lfw/images).</summary>
    public bool NeedsLfw
    {
        get => false;
        set
        {
            if (value && Skip is null)
            {
                Skip = SharedData.LfwImagesMissing!;
            }
        }
    }
}
