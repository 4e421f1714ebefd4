using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class GalleryAnalysisConfiguration : IEntityTypeConfiguration<GalleryAnalysis>
{
    public void Configure(EntityTypeBuilder<GalleryAnalysis> b)
    {
        b.Property(a => a.Model).HasMaxLength(1000);
        b.Property(a => a.Version).HasMaxLength(200);
        // One current result per gallery and model: a refresh replaces it.
        b.HasIndex(a => new { a.GalleryId, a.Model }).IsUnique();
        b.HasOne<Gallery>().WithMany().HasForeignKey(a => a.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
