namespace FacePortal.Tests.TestSupport;

/// <summary>Which parts of ../shared (LFW, face-api's goldens) a test needs.</summary>
public static class SharedData
{
    public const string LfwPairs = "datasets/lfw/pairs.txt";
    public const string LfwImages = "datasets/lfw/images";
    public const string Golden = "tools/faceapi-ref/golden";

    /// <summary>Null when every path exists under ../shared; otherwise why the test cannot run.</summary>
    public static string? MissingReason(IEnumerable<string> paths)
    {
        var missing = paths.Select(p => Path.Combine(RepoPaths.Shared, p)).Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        return missing.Count == 0 ? null : "shared dataset absent: " + string.Join(", ", missing);
    }
}
