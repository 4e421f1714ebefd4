using FacePortal.Engine;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// The one real engine of the test run (converted face-api models from the shared model cache, CPU), loaded by the
/// portal's own engine host, shared by the tests of the "engine" collection: tests of the engine use
/// <see cref="Engine"/>, services that take the host (job handlers, face crops) use <see cref="Host"/>.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public EngineFixture() =>
        Host = new FaceEngineHost(Microsoft.Extensions.Options.Options.Create(Options), NullLoggerFactory.Instance);

    public FaceEngineOptions Options { get; } = new() { Models = FaceApiPackage.Options };

    /// <summary>Started, with <see cref="Engine"/> loaded; owned by the fixture (register it as an instance, never dispose it).</summary>
    public FaceEngineHost Host { get; }

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

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
