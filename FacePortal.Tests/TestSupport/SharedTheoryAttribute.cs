namespace FacePortal.Tests.TestSupport;

/// <summary>A theory that needs files of the read-only ../shared folder; skipped, naming what is missing, when absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute(params string[] paths) => Skip = SharedData.MissingReason(paths)!;
}
