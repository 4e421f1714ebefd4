namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// What a quality gate (faces with <see cref="Measure"/> below <see cref="Cut"/> refused) buys at the starting
/// threshold: FNMR and FMR over all pairs and over the pairs whose two faces pass, and what it costs (pairs and faces refused).
/// </summary>
public sealed record GateEffect(
    string Measure,
    double Cut,
    double FnmrBefore,
    double FmrBefore,
    double FnmrAfter,
    double FmrAfter,
    int GenuineKept,
    int ImpostorKept,
    double DiscardedPairs,
    double FacesBelow);
