namespace FacePortal.Web.Features.Imports;

/// <summary>The stored-image-file sweeper ("FacePortal:ImageFiles").</summary>
public sealed record ImageFileSweepOptions
{
    public const string Section = "FacePortal:ImageFiles";

    /// <summary>An unreferenced file is removed only once it is at least this old (since it was last written).</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the sweeper looks (it also looks once at start).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(30);
}
