using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FacePortal.Web.Platform.Data;

/// <summary>
/// The portal's SQLite database: galleries, faces, jobs, activity, and the sign-in tables. Every save that changes a
/// gallery's images, faces, identities, activity or descriptors also bumps the gallery's versions, in the same
/// transaction (<see cref="ContentVersions"/>), so 1:N search checks for changes by primary key.
/// </summary>
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

    public DbSet<GalleryModelVersion> GalleryModelVersions => Set<GalleryModelVersion>();

    private readonly HashSet<int> _marked = [];

    /// <summary>
    /// For a bulk statement (ExecuteUpdate, ExecuteDelete) that changes the gallery's images or identities past the
    /// change tracker: the next SaveChanges of this context bumps the gallery's content version too.
    /// </summary>
    public void MarkContentChanged(int galleryId) => _marked.Add(galleryId);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var changes = ContentVersions.Collect(this, _marked);
        if (changes.IsEmpty)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        changes.Bump(this);
        own?.Commit();
        _marked.Clear();
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = await ContentVersions.CollectAsync(this, _marked, cancellationToken);
        if (changes.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await changes.BumpAsync(this, cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }
        _marked.Clear();
        return saved;
    }

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
