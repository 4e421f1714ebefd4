using FacePortal.Engine;
using FacePortal.Engine.Models;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Platform.EngineHost;

/// <summary>
/// The process's one engine. Loading (first run: fetch and convert the models) starts with the host and runs in
/// the background; pages show its progress and callers await it.
/// </summary>
public sealed class FaceEngineHost(IOptions<FaceEngineOptions> options, ILoggerFactory loggers) : IHostedService, IDisposable
{
    private readonly TaskCompletionSource<FaceEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ModelProgress> _steps = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public EngineState State { get; private set; } = EngineState.Starting;

    public string? Error { get; private set; }

    public IReadOnlyList<ModelProgress> Steps
    {
        get
        {
            lock (_lock)
            {
                return _steps.ToArray();
            }
        }
    }

    /// <summary>The engine once loaded; null while starting or after a failure.</summary>
    public FaceEngine? Engine => _engine.Task.IsCompletedSuccessfully ? _engine.Task.Result : null;

    /// <summary>Raised (on a background thread) whenever the state or progress changes.</summary>
    public event Action? Changed;

    public Task<FaceEngine> GetAsync(CancellationToken cancellationToken) => _engine.Task.WaitAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(LoadAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // The test host may stop the service after the container has disposed it.
        if (!_disposed)
        {
            _stopping.Cancel();
        }
        return Task.CompletedTask;
    }

    private async Task LoadAsync()
    {
        var logger = loggers.CreateLogger<FaceEngineHost>();
        var progress = new Progress<ModelProgress>(p =>
        {
            lock (_lock)
            {
                _steps.Add(p);
            }
            Changed?.Invoke();
        });
        try
        {
            var engine = await FaceEngine.CreateAsync(options.Value, loggers, progress, _stopping.Token).ConfigureAwait(false);
            State = EngineState.Ready;
            _engine.TrySetResult(engine);
            logger.LogInformation("Face engine ready on {Provider}: {Models}", engine.ExecutionProvider, string.Join(", ", engine.Models.Select(m => m.Name)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            State = EngineState.Failed;
            Error = e.Message;
            logger.LogError(e, "The face engine could not start");
            _engine.TrySetException(e);
        }
        catch (OperationCanceledException e)
        {
            _engine.TrySetCanceled(e.CancellationToken);
        }
        Changed?.Invoke();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stopping.Cancel();
        _stopping.Dispose();
        Engine?.Dispose();
    }
}
