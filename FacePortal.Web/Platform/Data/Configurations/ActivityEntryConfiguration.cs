using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FacePortal.Web.Platform.Data.Configurations;

public sealed class ActivityEntryConfiguration : IEntityTypeConfiguration<ActivityEntry>
{
    public void Configure(EntityTypeBuilder<ActivityEntry> b)
    {
        b.ToTable("Activity");
        b.Property(a => a.User).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(50);
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.GalleryId);
    }
}
