namespace FacePortal.Tests.Verification;

/// <summary>A benchmark: figures printed, not asserted; runs only with FACEPORTAL_BENCH=1 (scripts/bench-verify.sh sets it).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("FACEPORTAL_BENCH") != "1")
        {
            Skip = "benchmark: run scripts/bench-verify.sh (or set FACEPORTAL_BENCH=1)";
        }
    }
}
