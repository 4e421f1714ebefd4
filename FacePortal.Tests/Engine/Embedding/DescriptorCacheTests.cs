using FacePortal.Engine.Detection;
using FacePortal.Engine.Embedding;
using FacePortal.Engine.Pipeline;

namespace FacePortal.Tests.Engine.Embedding;

public sealed class DescriptorCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fp-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<bool, bool> Shapes => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PutThenTryGet_AnyMixOfDescriptorAndDetection_ReadsBackWhatWasStored(bool withDescriptor, bool withDetection)
    {
        // "--aligned" results have a descriptor but no detection; a face too small to embed has a detection only.
        var cache = new DescriptorCache(_folder);
        var stored = new PrimaryDescriptor(
            withDescriptor ? [0.25f, -1.5f, 3f] : null,
            withDetection ? new FaceDetection(new FaceBox(1.5, 2.5, 30, 40), 0.875) : null,
            withDetection ? 2 : 1, DetectionRoute.Border, null);

        cache.Put("sig", "abcdef", stored);

        Assert.True(cache.TryGet("sig", "abcdef", out var read));
        Assert.Equal(stored.Descriptor, read.Descriptor);
        Assert.Equal(stored.Detection, read.Detection);
        Assert.Equal(stored.FaceCount, read.FaceCount);
        Assert.Equal(stored.Route, read.Route);
        Assert.Equal(withDescriptor, read.HasFace);
    }

    [Fact]
    public void TryGet_OtherSignature_Misses()
    {
        var cache = new DescriptorCache(_folder);
        cache.Put("sig", "abcdef", new PrimaryDescriptor([1f], null, 1, DetectionRoute.Direct, null));

        Assert.False(cache.TryGet("sig;aligned", "abcdef", out _));
    }
}
