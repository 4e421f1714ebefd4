namespace FacePortal.Web.Platform.Analysis;

/// <summary>The memory budget stayed full for the whole wait: the client should try again after <see cref="RetryAfter"/>.</summary>
public sealed class AnalysisBusyException(TimeSpan retryAfter, string message) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
