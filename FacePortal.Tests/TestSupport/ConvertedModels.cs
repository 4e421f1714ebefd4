using System.Collections.Concurrent;
using FacePortal.Engine.Detection.Ssd;
using FacePortal.Engine.Models;
using FacePortal.Engine.Models.Converters;
using FacePortal.Engine.Models.Tfjs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// face-api's nets as this build's converters make them, for the tests of the converters and graphs below the engine
/// (the engine itself comes from <see cref="EngineFixture"/>). Converted in memory once per test run, never read
/// from the engine's on-disk cache, so a changed converter is always what is tested; sessions are thread-safe for Run.
/// </summary>
public static class ConvertedModels
{
    private static readonly ConcurrentDictionary<string, Lazy<TfjsWeights>> LoadedWeights = new();

    private static readonly Lazy<InferenceSession> LazyRecognition =
        new(() => new InferenceSession(FaceRecognitionNetConverter.Convert(Weights(FaceApiModel.FaceRecognition))));

    private static readonly Lazy<InferenceSession> LazyLandmarks =
        new(() => new InferenceSession(FaceLandmark68NetConverter.Convert(Weights(FaceApiModel.FaceLandmark68))));

    private static readonly Lazy<InferenceSession> LazyTiny416 =
        new(() => new InferenceSession(TinyFaceDetectorConverter.Convert(Weights(FaceApiModel.TinyFaceDetector))));

    private static readonly Lazy<InferenceSession> LazySsdWithRawOutputs =
        new(() => new InferenceSession(SsdMobilenetV1Converter.Convert(Weights(FaceApiModel.SsdMobilenetV1), includeRawOutputs: true)));

    public static InferenceSession Recognition => LazyRecognition.Value;
    public static InferenceSession Landmarks => LazyLandmarks.Value;
    public static InferenceSession Tiny416 => LazyTiny416.Value;

    /// <summary>The SSD graph with the raw predictor outputs (box encodings, class logits) exposed beside boxes and scores.</summary>
    public static InferenceSession SsdWithRawOutputs => LazySsdWithRawOutputs.Value;

    /// <summary>A net's weights from the face-api package (fetched with npm), loaded once per run.</summary>
    public static TfjsWeights Weights(FaceApiModel model) =>
        LoadedWeights.GetOrAdd(model.Name, _ => new(() => TfjsWeights.Load(FaceApiPackageStore.ManifestPath(FaceApiPackage.Directory, model)))).Value;

    /// <summary>Runs a net on an NHWC batch [batch,size,size,3]; returns the single output, flattened.</summary>
    public static float[] Run(InferenceSession session, float[] nhwc, int batch, int size)
    {
        var input = new DenseTensor<float>(nhwc, [batch, size, size, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.Single().AsTensor<float>().ToArray();
    }

    /// <summary>Runs <see cref="SsdWithRawOutputs"/> on a batch of NHWC 512x512x3 inputs; returns the four outputs flattened.</summary>
    public static SsdOutputs RunSsd(float[] nhwc, int batch)
    {
        const int s = SsdMobilenetV1Converter.InputSize;
        var input = new DenseTensor<float>(nhwc, [batch, s, s, 3]);
        using var results = SsdWithRawOutputs.Run([NamedOnnxValue.CreateFromTensor(SsdMobilenetV1Converter.InputName, input)]);
        float[] Get(string name) => results.Single(r => r.Name == name).AsTensor<float>().ToArray();
        return new SsdOutputs(
            Get(SsdMobilenetV1Converter.BoxesName),
            Get(SsdMobilenetV1Converter.ScoresName),
            Get(SsdMobilenetV1Converter.BoxEncodingsName),
            Get(SsdMobilenetV1Converter.ClassLogitsName));
    }
}
