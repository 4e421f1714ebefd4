namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>A stored quality measure: its key (REST and settings), its name and how it is taken.</summary>
public sealed record QualityMeasure(string Key, string Name, string Description);
