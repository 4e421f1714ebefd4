using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class PendingFileConfiguration : IEntityTypeConfiguration<PendingFile>
{
    public void Configure(EntityTypeBuilder<PendingFile> b)
    {
        b.Property(p => p.ContentHash).HasMaxLength(64);
        b.HasIndex(p => p.ContentHash);
        b.HasIndex(p => new { p.JobId, p.ContentHash }).IsUnique();
        b.HasOne<Job>().WithMany().HasForeignKey(p => p.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
