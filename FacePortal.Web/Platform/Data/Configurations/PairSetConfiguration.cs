using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class PairSetConfiguration : IEntityTypeConfiguration<PairSet>
{
    public void Configure(EntityTypeBuilder<PairSet> b)
    {
        b.Property(p => p.Name).HasMaxLength(300);
        b.Property(p => p.Source).HasMaxLength(20);
        b.Property(p => p.Sampling).HasMaxLength(20);
        b.Property(p => p.ImpostorTagPrefix).HasMaxLength(100);
        b.HasIndex(p => p.JobId);
        b.HasIndex(p => p.GalleryId);
        b.HasOne(p => p.Gallery).WithMany().HasForeignKey(p => p.GalleryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Pairs).WithOne().HasForeignKey(p => p.PairSetId).OnDelete(DeleteBehavior.Cascade);
    }
}
