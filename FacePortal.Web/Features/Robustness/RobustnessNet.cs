using FacePortal.Engine;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Robustness;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Robustness;

/// <summary>
/// The process's one Torch copy of face-api's recognition net, built on first use from the same weights the engine
/// converted to ONNX (the package is on disk once the engine has loaded).
/// </summary>
public sealed class RobustnessNet(IOptions<FaceEngineOptions> options, IOptions<RobustnessOptions> robustness, ILoggerFactory loggers) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FaceRecognitionTorchNet? _net;

    public async Task<FaceRecognitionTorchNet> GetAsync(CancellationToken cancellationToken)
    {
        if (_net is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_net is null)
            {
                var store = new FaceApiPackageStore(options.Value.Models, loggers.CreateLogger<FaceApiPackageStore>());
                var package = await store.GetPackageDirectoryAsync(null, cancellationToken);
                var weights = TfjsWeights.Load(FaceApiPackageStore.ManifestPath(package, FaceApiModel.FaceRecognition));
                if (robustness.Value.TorchThreads > 0)
                {
                    TorchSharp.torch.set_num_threads(robustness.Value.TorchThreads);
                }
                _net = new FaceRecognitionTorchNet(weights);
            }
            return _net;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _net?.Dispose();
        _gate.Dispose();
    }
}
