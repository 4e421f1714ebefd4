namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>A gallery image whose primary face is below a quality gate, with the measured value.</summary>
public sealed record FlaggedFace(int ImageId, int GalleryId, int IdentityId, string Identity, string OriginalName, double Value);
