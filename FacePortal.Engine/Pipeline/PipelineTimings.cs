using System.Diagnostics;

namespace FacePortal.Engine.Pipeline;

/// <summary>Time spent in each stage of one <see cref="FacePipeline.Analyze(IReadOnlyList{Imaging.RgbImage}, FaceSelection, PipelineTimings?, CancellationToken)"/> call (added to, so one instance can sum several calls).</summary>
public sealed class PipelineTimings
{
    /// <summary>Detection, including the border and SSD retries.</summary>
    public TimeSpan Detect { get; set; }

    public TimeSpan Landmarks { get; set; }

    public TimeSpan Align { get; set; }

    /// <summary>The recognition network (both passes when flip augmentation is on).</summary>
    public TimeSpan Embed { get; set; }

    internal static TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start);
}
