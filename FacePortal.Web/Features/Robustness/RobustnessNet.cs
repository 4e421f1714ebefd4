using FacePortal.Engine;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Engine.Recognition;
using FacePortal.Engine.Robustness;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Features.Robustness;

/// <summary>
/// The process's Torch copies of the attacked models, each built on first use: face-api's recognition net from the same
/// weights the engine converted to ONNX (the package is on disk once the engine has loaded), any other embedding model
/// (the catalogue's) by interpreting the ONNX file the engine loaded (<see cref="OnnxTorchNet"/>).
/// </summary>
public sealed class RobustnessNet(IOptions<FaceEngineOptions> options, IOptions<RobustnessOptions> robustness, ILoggerFactory loggers) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, IRecognitionTorchNet> _nets = new(StringComparer.Ordinal);

    /// <summary>face-api's net.</summary>
    public async Task<FaceRecognitionTorchNet> GetAsync(CancellationToken cancellationToken) =>
        (FaceRecognitionTorchNet)await GetAsync(EmbeddingModelOptions.FaceApi, cancellationToken);

    /// <summary>The net of <paramref name="model"/> as the engine loaded it.</summary>
    /// <exception cref="NotSupportedException">The model's graph uses an op the interpreter does not evaluate; the message names it.</exception>
    public async Task<IRecognitionTorchNet> GetAsync(EmbeddingModelOptions model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_nets.TryGetValue(model.Name, out var ready))
            {
                return ready;
            }
            if (robustness.Value.TorchThreads > 0)
            {
                TorchSharp.torch.set_num_threads(robustness.Value.TorchThreads);
            }
            IRecognitionTorchNet net;
            if (model.Name == EmbeddingModelOptions.BuiltInName)
            {
                var store = new FaceApiPackageStore(options.Value.Models, loggers.CreateLogger<FaceApiPackageStore>());
                var package = await store.GetPackageDirectoryAsync(null, cancellationToken);
                net = new FaceRecognitionTorchNet(TfjsWeights.Load(FaceApiPackageStore.ManifestPath(package, FaceApiModel.FaceRecognition)));
            }
            else
            {
                net = await Task.Run(() => OnnxTorchNet.Load(model), cancellationToken);
            }
            _nets[model.Name] = net;
            return net;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var net in _nets.Values)
        {
            (net as IDisposable)?.Dispose();
        }
        _gate.Dispose();
    }
}
