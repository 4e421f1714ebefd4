using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class GalleryModelVersionConfiguration : IEntityTypeConfiguration<GalleryModelVersion>
{
    public void Configure(EntityTypeBuilder<GalleryModelVersion> b)
    {
        b.ToTable("GalleryModelVersions");
        b.HasKey(v => new { v.GalleryId, v.Model });
        b.Property(v => v.Model).HasMaxLength(400);
        b.HasOne<Gallery>().WithMany().HasForeignKey(v => v.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
