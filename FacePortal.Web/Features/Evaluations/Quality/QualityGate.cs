namespace FacePortal.Web.Features.Evaluations.Quality;

/// <summary>
/// A model's quality gate: faces whose <see cref="Measure"/> is below <see cref="Cut"/> are flagged in galleries and
/// warned about on Verify. Set from an evaluation's error-versus-discard curve, which is named with what it bought there.
/// </summary>
/// <see cref="PipelineSignature"/> is the run's: an embedding-norm gate reads the descriptors of that pipeline.
public sealed record QualityGate(string Model, string? PipelineSignature, string Measure, double Cut, int RunId, GateEffect Effect, string SetBy, DateTimeOffset SetAt);
