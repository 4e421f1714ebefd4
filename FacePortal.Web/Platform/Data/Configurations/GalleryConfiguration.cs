using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class GalleryConfiguration : IEntityTypeConfiguration<Gallery>
{
    public void Configure(EntityTypeBuilder<Gallery> b)
    {
        b.Property(g => g.Name).HasMaxLength(200);
        b.HasIndex(g => g.Name).IsUnique();
        b.Property(g => g.Model).HasMaxLength(200);
        b.HasMany(g => g.Identities).WithOne(i => i.Gallery).HasForeignKey(i => i.GalleryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(g => g.Images).WithOne(i => i.Gallery).HasForeignKey(i => i.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
