namespace FacePortal.Engine.Search;

/// <summary>A row of a <see cref="GalleryIndex"/> and its distance to the probe.</summary>
public readonly record struct Neighbour(int Row, float Distance);
