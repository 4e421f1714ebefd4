using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class PairScoreConfiguration : IEntityTypeConfiguration<PairScore>
{
    public void Configure(EntityTypeBuilder<PairScore> b)
    {
        b.ToTable("PairScores");
        // One score per pair and run: a resumed run skips the pairs it already has.
        b.HasIndex(s => new { s.RunId, s.PairId }).IsUnique();
        b.HasOne<EvaluationPair>().WithMany().HasForeignKey(s => s.PairId).OnDelete(DeleteBehavior.Cascade);
    }
}
