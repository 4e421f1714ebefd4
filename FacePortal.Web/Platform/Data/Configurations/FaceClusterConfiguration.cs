using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class FaceClusterConfiguration : IEntityTypeConfiguration<FaceCluster>
{
    public void Configure(EntityTypeBuilder<FaceCluster> b)
    {
        b.Property(c => c.Model).HasMaxLength(1000);
        b.Property(c => c.Metric).HasConversion<string>().HasMaxLength(20);
        b.PrimitiveCollection(c => c.ImageIds);
        b.HasIndex(c => c.GalleryId);
        // Gone with the gallery; a member image deleted later is skipped when the cluster is read.
        b.HasOne<Gallery>().WithMany().HasForeignKey(c => c.GalleryId).OnDelete(DeleteBehavior.Cascade);
    }
}
