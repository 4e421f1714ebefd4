using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class GalleryImageConfiguration : IEntityTypeConfiguration<GalleryImage>
{
    public void Configure(EntityTypeBuilder<GalleryImage> b)
    {
        b.ToTable("Images");
        b.Property(i => i.ContentHash).HasMaxLength(64);
        b.Property(i => i.OriginalName).HasMaxLength(1000);
        b.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(i => new { i.GalleryId, i.ContentHash });
        b.HasIndex(i => i.IdentityId);
        b.PrimitiveCollection(i => i.Tags);
        b.HasMany(i => i.Faces).WithOne(f => f.Image).HasForeignKey(f => f.ImageId).OnDelete(DeleteBehavior.Cascade);
    }
}
