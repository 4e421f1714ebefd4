using FacePortal.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace FacePortal.Tests.TestSupport;

/// <summary>One real engine (converted face-api models, CPU) shared by the tests of the "engine" collection.</summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Options = new FaceEngineOptions { Models = FaceApiPackage.Options };
        Engine = FaceEngine.CreateAsync(Options, NullLoggerFactory.Instance, null, CancellationToken.None).GetAwaiter().GetResult();
    }

    public FaceEngineOptions Options { get; }

    public FaceEngine Engine { get; }

    public void Dispose() => Engine.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
