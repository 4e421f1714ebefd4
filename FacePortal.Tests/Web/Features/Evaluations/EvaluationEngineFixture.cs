using FacePortal.Engine;
using FacePortal.Tests.TestSupport;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.Web.Features.Evaluations;

/// <summary>The portal's engine host over the shared model cache, loaded once for a test class.</summary>
public sealed class EvaluationEngineFixture : IAsyncLifetime
{
    public FaceEngineHost Host { get; } = new(Microsoft.Extensions.Options.Options.Create(new FaceEngineOptions { Models = FaceApiPackage.Options }), NullLoggerFactory.Instance);

    public FaceEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Host.StartAsync(CancellationToken.None);
        Engine = await Host.GetAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }
}
