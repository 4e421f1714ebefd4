namespace FacePortal.Tests.TestSupport;

/// <summary>An end-to-end fact in Debian's Chromium (installed by .ci/run); skipped, saying so, where it is absent.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"no browser at {ChromiumPath} (apt-get install chromium; .ci/run does)";
        }
    }
}
