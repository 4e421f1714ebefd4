using FacePortal.Web.Features.Evaluations;

namespace FacePortal.Web.Features.Verification;

/// <summary>
/// POST /api/verify's answer (camelCase by the web defaults; typed so OpenAPI documents it): distance, similarity,
/// threshold and verdict, the model, the faces of both images, the time per stage, and the score's calibration on
/// the model's reference evaluation (<see cref="ScoreCalibration.Available"/> false when there is none).
/// </summary>
public sealed record VerifyAnswer(
    double Distance,
    double Similarity,
    double Threshold,
    bool Match,
    string Model,
    string Metric,
    string ExecutionProvider,
    VerifyChosenFaces Chosen,
    VerifyFaces Faces,
    object Milliseconds,
    ScoreCalibration Calibration);
