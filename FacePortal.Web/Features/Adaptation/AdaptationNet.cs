using FacePortal.Engine;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Robustness;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Adaptation;

/// <summary>
/// face-api's recognition weights and their Torch net for last-block adaptation, loaded on first use from the package
/// the engine converted (the net's frozen part computes the block inputs; the weights are what the tuned block is
/// swapped into for the ONNX export).
/// </summary>
public sealed class AdaptationNet(IOptions<FaceEngineOptions> options, ILoggerFactory loggers) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (TfjsWeights Weights, FaceRecognitionTorchNet Net)? _loaded;

    public async Task<(TfjsWeights Weights, FaceRecognitionTorchNet Net)> GetAsync(CancellationToken cancellationToken)
    {
        if (_loaded is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is null)
            {
                var store = new FaceApiPackageStore(options.Value.Models, loggers.CreateLogger<FaceApiPackageStore>());
                var package = await store.GetPackageDirectoryAsync(null, cancellationToken);
                var weights = TfjsWeights.Load(FaceApiPackageStore.ManifestPath(package, FaceApiModel.FaceRecognition));
                _loaded = (weights, new FaceRecognitionTorchNet(weights));
            }
            return _loaded.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _loaded?.Net.Dispose();
        _gate.Dispose();
    }
}
