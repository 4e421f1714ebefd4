using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class DetectedFaceConfiguration : IEntityTypeConfiguration<DetectedFace>
{
    public void Configure(EntityTypeBuilder<DetectedFace> b)
    {
        b.ToTable("Faces");
        b.Ignore(f => f.Size);
        b.Property(f => f.Landmarks).HasConversion(FloatArrayConverter.Converter, FloatArrayConverter.Comparer);
        b.HasIndex(f => new { f.ImageId, f.Index }).IsUnique();
    }
}
