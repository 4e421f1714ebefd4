using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class RobustnessRunConfiguration : IEntityTypeConfiguration<RobustnessRun>
{
    public void Configure(EntityTypeBuilder<RobustnessRun> b)
    {
        b.Property(r => r.Model).HasMaxLength(200);
        b.Property(r => r.ThresholdSource).HasMaxLength(300);
        b.Property(r => r.CreatedBy).HasMaxLength(256);
        b.HasIndex(r => r.PairSetId);
        b.HasOne<PairSet>().WithMany().HasForeignKey(r => r.PairSetId).OnDelete(DeleteBehavior.Cascade);
    }
}
