using FacePortal.Engine.Recognition;

namespace FacePortal.Web.Features.Models;

/// <summary>The model check's sample ("FacePortal:ModelCheck").</summary>
public sealed class ModelCheckOptions
{
    public const string Section = "FacePortal:ModelCheck";

    /// <summary>The LFW folder (images/ and pairs.txt); relative paths from the folder the portal runs in. Used when it is there.</summary>
    public string LfwDirectory { get; set; } = Path.Combine("..", "shared", "datasets", "lfw");

    /// <summary>Pairs in the sample: LFW's first fold holds 600 (300 mated, 300 non-mated); fewer take a seeded balanced part of it.</summary>
    public int SampleSize { get; set; } = ModelChecker.DefaultSampleSize;

    /// <summary>The FAR at which each preprocessing's TAR is reported.</summary>
    public double TargetFar { get; set; } = ModelChecker.DefaultTargetFar;

    public string LfwImages => Path.GetFullPath(Path.Combine(LfwDirectory, "images"));

    public string LfwPairs => Path.GetFullPath(Path.Combine(LfwDirectory, "pairs.txt"));

    public bool HasLfw => Directory.Exists(LfwImages) && File.Exists(LfwPairs);
}
