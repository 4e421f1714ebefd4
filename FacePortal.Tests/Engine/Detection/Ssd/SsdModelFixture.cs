using FacePortal.Engine.Detection.Ssd;
using FacePortal.Engine.Models.Tfjs;
using FacePortal.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FacePortal.Tests.Engine.Detection.Ssd;

/// <summary>Converts the SSD weights once per test class (with the raw predictor outputs exposed) and owns the session.</summary>
public sealed class SsdModelFixture : IDisposable
{
    public SsdModelFixture()
    {
        ManifestPath = Path.Combine(FaceApiPackage.Directory, "model", "ssd_mobilenetv1_model-weights_manifest.json");
        if (!File.Exists(ManifestPath))
        {
            return;
        }
        Weights = TfjsWeights.Load(ManifestPath);
        ModelBytes = SsdMobilenetV1Converter.Convert(Weights, includeRawOutputs: true);
        Session = new InferenceSession(ModelBytes);
    }

    public string ManifestPath { get; }
    public TfjsWeights? Weights { get; }
    public byte[]? ModelBytes { get; }
    public InferenceSession? Session { get; }

    /// <summary>Runs a batch of NHWC 512x512x3 inputs; returns the four outputs flattened.</summary>
    public SsdOutputs Run(float[] nhwc, int batch)
    {
        var session = Session ?? throw new InvalidOperationException("No SSD weights.");
        const int s = SsdMobilenetV1Converter.InputSize;
        var input = new DenseTensor<float>(nhwc, [batch, s, s, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(SsdMobilenetV1Converter.InputName, input)]);
        float[] Get(string name) => results.Single(r => r.Name == name).AsTensor<float>().ToArray();
        return new SsdOutputs(
            Get(SsdMobilenetV1Converter.BoxesName),
            Get(SsdMobilenetV1Converter.ScoresName),
            Get(SsdMobilenetV1Converter.BoxEncodingsName),
            Get(SsdMobilenetV1Converter.ClassLogitsName));
    }

    public void Dispose() => Session?.Dispose();
}

public sealed record SsdOutputs(float[] Boxes, float[] Scores, float[] BoxEncodings, float[] ClassLogits);
