using FacePortal.Engine;
using FacePortal.Engine.Recognition;

namespace FacePortal.Tests.Engine.Runtime;

public class FaceEngineOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => new FaceEngineOptions().Validate();

    [Theory]
    [InlineData(100)]
    [InlineData(0)]
    [InlineData(2048)]
    public void Validate_DetectorSizeNotAMultipleOf32InRange_SaysWhich(int size)
    {
        var options = new FaceEngineOptions { Pipeline = new() { DetectorInputSize = size } };

        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("DetectorInputSize", e.Message);
    }

    [Fact]
    public void Validate_UnknownRecognitionModel_ListsTheKnownOnes()
    {
        var options = new FaceEngineOptions { Pipeline = new() { RecognitionModel = "arcface" } };

        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("face-api", e.Message);
    }

    [Fact]
    public void Validate_PluggedModelWithoutPath_Refused()
    {
        var options = new FaceEngineOptions { EmbeddingModels = [new EmbeddingModelOptions { Name = "arcface", InputSize = 112 }] };

        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Path", e.Message);
    }
}
