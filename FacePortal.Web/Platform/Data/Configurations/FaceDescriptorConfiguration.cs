using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class FaceDescriptorConfiguration : IEntityTypeConfiguration<FaceDescriptor>
{
    public void Configure(EntityTypeBuilder<FaceDescriptor> b)
    {
        b.ToTable("FaceDescriptors");
        b.Property(d => d.Model).HasMaxLength(400);
        b.Property(d => d.Vector).HasConversion(FloatArrayConverter.Converter, FloatArrayConverter.Comparer);
        b.HasIndex(d => new { d.FaceId, d.Model }).IsUnique();
        b.HasIndex(d => d.Model);
        b.HasOne(d => d.Face).WithMany(f => f.Descriptors).HasForeignKey(d => d.FaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
