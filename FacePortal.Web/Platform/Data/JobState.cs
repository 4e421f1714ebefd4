namespace FacePortal.Web.Platform.Data;

public enum JobState
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
