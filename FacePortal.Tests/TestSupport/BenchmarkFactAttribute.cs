namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A benchmark: figures printed, not asserted. Its class carries <c>[Trait("Category", "Benchmark")]</c>, which keeps
/// it out of the normal test command (`--filter "Category!=Benchmark"`); scripts/bench-verify.sh selects it with
/// `--filter Category=Benchmark`.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute;
