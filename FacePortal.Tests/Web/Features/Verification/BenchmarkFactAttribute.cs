namespace FacePortal.Tests.Web.Features.Verification;

/// <summary>
/// A benchmark: figures printed, not asserted. Trait Category=Benchmark keeps it out of the normal test command
/// (`--filter "Category!=Benchmark"`); scripts/bench-verify.sh selects it with `--filter Category=Benchmark`.
/// </summary>
public sealed class BenchmarkFactAttribute : FactAttribute;
