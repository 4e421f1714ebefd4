namespace FacePortal.Web.Platform.Data;

/// <summary>A long piece of work run by the job service; its state lives here so a restart resumes or fails it.</summary>
public sealed class Job
{
    public int Id { get; set; }

    /// <summary>Which handler runs it, e.g. "import".</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    /// <summary>The handler's parameters as JSON.</summary>
    public required string Parameters { get; set; }

    public JobState State { get; set; }

    public int Done { get; set; }

    public int Total { get; set; }

    public string? Message { get; set; }

    public bool CancelRequested { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public List<JobError> Errors { get; set; } = [];

    public bool IsFinished => State is JobState.Completed or JobState.Failed or JobState.Cancelled;
}
