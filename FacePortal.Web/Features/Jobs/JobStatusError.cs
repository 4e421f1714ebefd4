namespace FacePortal.Web.Features.Jobs;

/// <summary>One file a job could not handle, and why.</summary>
public sealed record JobStatusError(string File, string Reason);
