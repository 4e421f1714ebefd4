using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class IdentificationRunConfiguration : IEntityTypeConfiguration<IdentificationRun>
{
    public void Configure(EntityTypeBuilder<IdentificationRun> b)
    {
        b.Property(r => r.Model).HasMaxLength(400);
        b.Property(r => r.Scoring).HasMaxLength(20);
        b.Property(r => r.CreatedBy).HasMaxLength(256);
        b.HasIndex(r => new { r.GalleryId, r.CreatedAt });
        b.HasOne<Gallery>().WithMany().HasForeignKey(r => r.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
