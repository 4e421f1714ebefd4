using FacePortal.Engine.Evaluation;

namespace FacePortal.Web.Features.Evaluations;

/// <summary>
/// FAR and FRR at the global threshold for one identity tag: genuine pairs of identities with the tag, and impostor
/// pairs where both identities have it (same-group impostors, the ones that differ most between groups).
/// </summary>
public sealed record TagBreakdownRow(string Tag, int Identities, RateInterval Far, RateInterval Frr);
