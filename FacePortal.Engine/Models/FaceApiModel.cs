namespace FacePortal.Engine.Models;

/// <summary>One network shipped by the face-api npm package, with the SHA-256 of its files pinned.</summary>
public sealed record FaceApiModel(string Name, string ManifestSha256, string WeightsSha256)
{
    public const string PackageName = "@vladmandic/face-api";
    public const string PackageVersion = "1.7.15";

    public static FaceApiModel TinyFaceDetector { get; } = new(
        "tiny_face_detector_model",
        "5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5",
        "b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871");

    public static FaceApiModel SsdMobilenetV1 { get; } = new(
        "ssd_mobilenetv1_model",
        "888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955",
        "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8");

    public static FaceApiModel FaceLandmark68 { get; } = new(
        "face_landmark_68_model",
        "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9",
        "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b");

    public static FaceApiModel FaceRecognition { get; } = new(
        "face_recognition_model",
        "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b",
        "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589");

    public static IReadOnlyList<FaceApiModel> All { get; } = [TinyFaceDetector, SsdMobilenetV1, FaceLandmark68, FaceRecognition];

    public string ManifestFile => Name + "-weights_manifest.json";

    public string WeightsFile => Name + ".bin";
}
