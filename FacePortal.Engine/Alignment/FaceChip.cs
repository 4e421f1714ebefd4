using FacePortal.Engine.Imaging;

namespace FacePortal.Engine.Alignment;

/// <summary>An aligned face chip and where it came from; <see cref="PyramidLevels"/> = how many 2x downsamplings preceded sampling.</summary>
public sealed record FaceChip(RgbImage Image, FaceChipPlacement Placement, int PyramidLevels);
