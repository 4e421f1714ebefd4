using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FacePortal.Web.Platform.Data;

/// <summary>The portal's SQLite database: galleries, faces, jobs, activity, and the sign-in tables.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<Gallery> Galleries => Set<Gallery>();

    public DbSet<FaceIdentity> Identities => Set<FaceIdentity>();

    public DbSet<GalleryImage> Images => Set<GalleryImage>();

    public DbSet<DetectedFace> Faces => Set<DetectedFace>();

    /// <summary>Every face's descriptors, one per model; read through <see cref="FaceDescriptors"/>.</summary>
    public DbSet<FaceDescriptor> Descriptors => Set<FaceDescriptor>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<JobItem> JobItems => Set<JobItem>();

    public DbSet<JobError> JobErrors => Set<JobError>();

    public DbSet<ActivityEntry> Activity => Set<ActivityEntry>();

    public DbSet<PairSet> PairSets => Set<PairSet>();

    public DbSet<EvaluationPair> EvaluationPairs => Set<EvaluationPair>();

    public DbSet<EvaluationRun> EvaluationRuns => Set<EvaluationRun>();

    public DbSet<PairScore> PairScores => Set<PairScore>();

    public DbSet<OperatingPoint> OperatingPoints => Set<OperatingPoint>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<PendingFile> PendingFiles => Set<PendingFile>();

    public DbSet<CurationDismissal> CurationDismissals => Set<CurationDismissal>();

    public DbSet<IdentificationRun> IdentificationRuns => Set<IdentificationRun>();

    public DbSet<FaceCluster> FaceClusters => Set<FaceCluster>();

    public DbSet<SuggestionRejection> SuggestionRejections => Set<SuggestionRejection>();

    public DbSet<GalleryAnalysis> GalleryAnalyses => Set<GalleryAnalysis>();

    public DbSet<DefectDismissal> DefectDismissals => Set<DefectDismissal>();

    public DbSet<RobustnessRun> RobustnessRuns => Set<RobustnessRun>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks instead.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        builder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
