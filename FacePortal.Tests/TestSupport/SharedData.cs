namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The parts of the read-only ../shared folder that tests need, and for each the reason a test cannot run without
/// it (null when present). The skip attributes are built on these, one attribute per resource.
/// </summary>
public static class SharedData
{
    public static string LfwImages => Path.Combine(RepoPaths.Lfw, "images");

    /// <summary>The LFW protocol's pairs files: the ten folds (pairs.txt) and the development split.</summary>
    public static IReadOnlyList<string> LfwPairsFiles => [Path.Combine(RepoPaths.Lfw, "pairs.txt"), Path.Combine(RepoPaths.Lfw, "pairsDevTrain.txt")];

    public static string? LfwImagesMissing => Missing("the LFW images", LfwImages);

    public static string? LfwMissing => Missing("the LFW dataset (images and pairs files)", [LfwImages, .. LfwPairsFiles]);

    /// <summary>face-api's outputs recorded by ../shared/tools/faceapi-ref (the weights and demo images come from npm: never skipped).</summary>
    public static string? GoldenMissing => Missing("face-api's goldens", RepoPaths.Golden);

    private static string? Missing(string what, params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        return missing.Count == 0 ? null : $"needs {what}: {string.Join(", ", missing)} absent";
    }
}
