using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class DefectDismissalConfiguration : IEntityTypeConfiguration<DefectDismissal>
{
    public void Configure(EntityTypeBuilder<DefectDismissal> b)
    {
        b.Property(d => d.Key).HasMaxLength(200);
        b.Property(d => d.CreatedBy).HasMaxLength(256);
        b.HasIndex(d => new { d.GalleryId, d.Key }).IsUnique();
        b.HasOne<Gallery>().WithMany().HasForeignKey(d => d.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
