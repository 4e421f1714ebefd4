using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class FaceIdentityConfiguration : IEntityTypeConfiguration<FaceIdentity>
{
    public void Configure(EntityTypeBuilder<FaceIdentity> b)
    {
        b.ToTable("FaceIdentities");
        b.Property(i => i.Name).HasMaxLength(300);
        b.HasIndex(i => new { i.GalleryId, i.Name }).IsUnique();
        b.PrimitiveCollection(i => i.Tags);
        b.HasMany(i => i.Images).WithOne(i => i.Identity).HasForeignKey(i => i.IdentityId).OnDelete(DeleteBehavior.Restrict);
    }
}
