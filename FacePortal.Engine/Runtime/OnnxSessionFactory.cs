using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace FacePortal.Engine.Runtime;

/// <summary>
/// Creates inference sessions on the preferred execution provider, falling back to the CPU (and saying so)
/// when CUDA is not built in or no GPU answers. Remembers which provider is actually in use.
/// </summary>
public sealed class OnnxSessionFactory(OnnxRuntimeOptions options, ILogger<OnnxSessionFactory> logger)
{
    private string? _cudaFailure;

    /// <summary>"CUDA" or "CPU": what the sessions created so far run on.</summary>
    public string ActiveProvider { get; private set; } = "CPU";

    /// <summary>Why CUDA is not in use, when it was wanted; null otherwise.</summary>
    public string? FallbackReason => _cudaFailure;

    public InferenceSession Create(string modelPath)
    {
        if (options.ExecutionProvider != ExecutionProviderPreference.Cpu && _cudaFailure is null)
        {
            var cudaOptions = BaseOptions();
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                var session = new InferenceSession(modelPath, cudaOptions);
                ActiveProvider = "CUDA";
                return session;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
            {
                cudaOptions.Dispose();
                // The CPU package has no CUDA entry point; the GPU package throws when no driver or device answers.
                _cudaFailure = e is EntryPointNotFoundException
                    ? "this build uses the CPU ONNX Runtime package (build with -p:FacePortalGpu=true for CUDA)"
                    : "CUDA could not be initialised: " + e.Message.Split('\n')[0];
                var level = options.ExecutionProvider == ExecutionProviderPreference.Cuda ? LogLevel.Warning : LogLevel.Information;
                logger.Log(level, "ONNX Runtime falls back to the CPU: {Reason}", _cudaFailure);
            }
        }
        ActiveProvider = "CPU";
        return new InferenceSession(modelPath, BaseOptions());
    }

    private SessionOptions BaseOptions()
    {
        var o = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.IntraOpThreads > 0)
        {
            o.IntraOpNumThreads = options.IntraOpThreads;
        }
        if (!options.AllowSpinning)
        {
            o.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return o;
    }
}
