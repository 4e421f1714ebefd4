using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class SuggestionRejectionConfiguration : IEntityTypeConfiguration<SuggestionRejection>
{
    public void Configure(EntityTypeBuilder<SuggestionRejection> b)
    {
        b.Property(r => r.CreatedBy).HasMaxLength(256);
        b.HasIndex(r => new { r.GalleryId, r.ImageId, r.IdentityId }).IsUnique();
        b.HasOne<Gallery>().WithMany().HasForeignKey(r => r.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
