namespace FacePortal.Engine.Evaluation;

/// <summary>
/// The seed of one bootstrap resample (or group) from the run's seed: a fixed formula, not HashCode.Combine, whose
/// values change with every process, so a "seeded" interval reads the same after a restart.
/// </summary>
public static class BootstrapSeeds
{
    public static int Of(int seed, int resample) => unchecked((seed * 1_000_003) + resample);
}
