using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class CurationDismissalConfiguration : IEntityTypeConfiguration<CurationDismissal>
{
    public void Configure(EntityTypeBuilder<CurationDismissal> b)
    {
        b.Property(d => d.Kind).HasMaxLength(40);
        b.Property(d => d.CreatedBy).HasMaxLength(256);
        b.HasIndex(d => new { d.GalleryId, d.Kind, d.ImageA, d.ImageB }).IsUnique();
        // Gone with the gallery; an image's deletion leaves a harmless row (its pair can never be listed again).
        b.HasOne<Gallery>().WithMany().HasForeignKey(d => d.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
