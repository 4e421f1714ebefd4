using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class EvaluationRunConfiguration : IEntityTypeConfiguration<EvaluationRun>
{
    public void Configure(EntityTypeBuilder<EvaluationRun> b)
    {
        b.Property(r => r.Model).HasMaxLength(200);
        b.Property(r => r.Metric).HasMaxLength(20);
        b.Property(r => r.PipelineSignature).HasMaxLength(400);
        b.HasIndex(r => r.PairSetId);
        b.HasIndex(r => r.JobId);
        b.HasOne(r => r.PairSet).WithMany().HasForeignKey(r => r.PairSetId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany<PairScore>().WithOne().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
