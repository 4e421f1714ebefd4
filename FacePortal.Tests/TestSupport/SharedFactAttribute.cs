namespace FacePortal.Tests.TestSupport;

/// <summary>A fact that needs files of the read-only ../shared folder; skipped, naming what is missing, when absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute(params string[] paths) => Skip = SharedData.MissingReason(paths)!;
}
