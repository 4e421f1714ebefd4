namespace FacePortal.Engine.Curation;

/// <summary>Two or more faces of one photo assigned the same identity: at most one of them can be that person.</summary>
public sealed record SamePhotoConflict(int ImageId, int IdentityId, IReadOnlyList<int> Faces);
