namespace FacePortal.Engine.Evaluation;

/// <summary>One tag's counts at a threshold (see <see cref="TagRates"/>), with Wilson 95% intervals for its rates.</summary>
public sealed record TagRate(string Tag, int Identities, int Genuine, int FalseRejects, int Impostors, int FalseAccepts)
{
    public RateInterval Far => RateInterval.Wilson(FalseAccepts, Impostors);

    public RateInterval Frr => RateInterval.Wilson(FalseRejects, Genuine);
}
