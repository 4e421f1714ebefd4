namespace FacePortal.Web.Platform.Jobs;

/// <summary>
/// Runs one kind of job. Must be resumable: after a restart the same job is run again from the start, so a handler
/// plans its work as job items first and then skips the items already done.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(JobContext context, CancellationToken cancellationToken);
}
