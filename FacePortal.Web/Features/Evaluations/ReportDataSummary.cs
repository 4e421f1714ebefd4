namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// What was compared: the pair set, its images (samples) and identities (subjects), the comparisons scored, mated
/// and non-mated, and those of them with both templates (the algorithm-level figures' trials).
/// </summary>
public sealed record ReportDataSummary(
    int PairSetId, string PairSetName, string PairSetSource, int GalleryId, int? Samples, int? Subjects,
    int Comparisons, int MatedComparisons, int NonMatedComparisons,
    int? ComparisonsWithBothTemplates, int? MatedComparisonsWithBothTemplates, int? NonMatedComparisonsWithBothTemplates);
