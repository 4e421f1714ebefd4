namespace FacePortal.Web.Data;

public enum JobState
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
