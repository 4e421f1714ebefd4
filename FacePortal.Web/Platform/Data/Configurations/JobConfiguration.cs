using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Kind).HasMaxLength(50);
        b.Property(j => j.Title).HasMaxLength(500);
        b.Property(j => j.State).HasConversion<string>().HasMaxLength(20);
        b.Ignore(j => j.IsFinished);
        b.HasIndex(j => j.State);
        b.HasMany(j => j.Errors).WithOne().HasForeignKey(e => e.JobId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany<JobItem>().WithOne().HasForeignKey(i => i.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
