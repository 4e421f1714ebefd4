using FacePortal.Engine.Models.Converters;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FacePortal.Tests.Engine.Models;

/// <summary>The three converted face-api nets, converted and loaded once per test run (sessions are thread-safe for Run).</summary>
internal static class ConvertedModels
{
    private static readonly Lazy<InferenceSession> LazyRecognition =
        new(() => new InferenceSession(FaceRecognitionNetConverter.Convert(FaceApiRef.Weights("face_recognition_model"))));

    private static readonly Lazy<InferenceSession> LazyLandmarks =
        new(() => new InferenceSession(FaceLandmark68NetConverter.Convert(FaceApiRef.Weights("face_landmark_68_model"))));

    private static readonly Lazy<InferenceSession> LazyTiny416 =
        new(() => new InferenceSession(TinyFaceDetectorConverter.Convert(FaceApiRef.Weights("tiny_face_detector_model"))));

    public static InferenceSession Recognition => LazyRecognition.Value;
    public static InferenceSession Landmarks => LazyLandmarks.Value;
    public static InferenceSession Tiny416 => LazyTiny416.Value;

    /// <summary>Runs a net on an NHWC batch [batch,size,size,3]; returns the single output, flattened.</summary>
    public static float[] Run(InferenceSession session, float[] nhwc, int batch, int size)
    {
        var input = new DenseTensor<float>(nhwc, [batch, size, size, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.Single().AsTensor<float>().ToArray();
    }
}
