using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class OperatingPointConfiguration : IEntityTypeConfiguration<OperatingPoint>
{
    public void Configure(EntityTypeBuilder<OperatingPoint> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Model).HasMaxLength(200);
        b.Property(o => o.Metric).HasMaxLength(20);
        b.HasIndex(o => new { o.Model, o.Name }).IsUnique();
        // The run may be deleted; the threshold stays.
        b.HasOne<EvaluationRun>().WithMany().HasForeignKey(o => o.RunId).OnDelete(DeleteBehavior.SetNull);
    }
}
