using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class EvaluationPairConfiguration : IEntityTypeConfiguration<EvaluationPair>
{
    public void Configure(EntityTypeBuilder<EvaluationPair> b)
    {
        b.ToTable("EvaluationPairs");
        b.HasIndex(p => new { p.PairSetId, p.Ordinal }).IsUnique();
        b.HasIndex(p => p.ImageAId);
        b.HasIndex(p => p.ImageBId);
        // A deleted image takes its pairs with it (the gallery's own cascade reaches them this way too).
        b.HasOne(p => p.ImageA).WithMany().HasForeignKey(p => p.ImageAId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.ImageB).WithMany().HasForeignKey(p => p.ImageBId).OnDelete(DeleteBehavior.Cascade);
    }
}
