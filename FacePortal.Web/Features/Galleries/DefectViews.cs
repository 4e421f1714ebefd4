namespace FacePortal.Web.Features.Galleries;

/// <summary>An image as a defect's evidence shows it: its thumbnail (by hash), the face it stands for, its name and identity.</summary>
public sealed record DefectImage(int ImageId, string ContentHash, int FaceIndex, string OriginalName, string IdentityName);

/// <summary>Two images and their distance.</summary>
public sealed record DefectPair(DefectImage A, DefectImage B, double Distance);

/// <summary>An identity of Doddington's zoo: its false matches, how many times the gallery's rate, and the image that makes most of them (the fix excludes it).</summary>
public sealed record ZooDefect(string Key, int IdentityId, string Name, int Faces, int FalseMatches, double Factor, DefectImage Worst, IReadOnlyList<DefectPair> Evidence);

/// <summary>Two people under one name: the groups (a few images each) and the closest pair across them; the fix moves <see cref="SplitImageIds"/> to a new identity.</summary>
public sealed record MixedDefect(string Key, int IdentityId, string Name, IReadOnlyList<IReadOnlyList<DefectImage>> Groups, IReadOnlyList<int> SplitImageIds, DefectPair Closest);

/// <summary>One person under two names: the fix merges the smaller identity (<see cref="SourceId"/>) into the larger.</summary>
public sealed record DuplicateNameDefect(string Key, int SourceId, string SourceName, int SourceImages, int TargetId, string TargetName, int TargetImages, double CentroidDistance, DefectPair Closest);

/// <summary>Faces of one photo filed under one identity: the fix excludes one of them.</summary>
public sealed record SamePhotoDefect(string Key, int IdentityId, string Name, IReadOnlyList<DefectImage> Faces);

/// <summary>A low-quality face whose removal lowers its identity's FNMR or removes false matches: the fix excludes it.</summary>
public sealed record HarmfulDefect(string Key, DefectImage Image, int IdentityId, double Quality, double FnmrBefore, double FnmrAfter, int FalseMatches);

/// <summary>The defect lists of a stored analysis, as they stand now: fixed, dismissed and vanished findings left out.</summary>
public sealed record DefectReport(GalleryAnalysisStatus Status, IReadOnlyList<ZooDefect> Zoo, IReadOnlyList<MixedDefect> Mixed,
    IReadOnlyList<DuplicateNameDefect> DuplicateNames, IReadOnlyList<SamePhotoDefect> SamePhoto, IReadOnlyList<HarmfulDefect> Harmful)
{
    public int Count => Zoo.Count + Mixed.Count + DuplicateNames.Count + SamePhoto.Count + Harmful.Count;
}
