using FacePortal.Web.Features.Evaluations;

namespace FacePortal.Web.Features.Identification;

/// <summary>
/// POST /api/identify's answer (camelCase by the web defaults; typed so OpenAPI documents it): the primary face's
/// answer, every face's own answer, the index searched, and the best candidate's score calibrated on the model's
/// reference evaluation (<see cref="ScoreCalibration.Available"/> false when there is none).
/// </summary>
public sealed record IdentifyAnswer(
    bool Unknown,
    IReadOnlyList<IdentifyCandidate> Candidates,
    double Threshold,
    string Scoring,
    int Gallery,
    // Cluster search: true when some shards did not answer within the deadline; searched is the share of the gallery that was.
    bool Partial,
    double Searched,
    IdentifyIndex Index,
    string Model,
    string ExecutionProvider,
    IReadOnlyList<IdentifyFace> Faces,
    IdentifyMilliseconds Milliseconds,
    ScoreCalibration Calibration);

/// <summary>One candidate identity: its best (or centroid) distance and score, and the image that gave it.</summary>
public sealed record IdentifyCandidate(string Identity, int IdentityId, double Score, double Distance, int ImageId, string Thumbnail);

/// <summary>The index searched: approximate above the configured size, with its measured recall@10 when it is.</summary>
public sealed record IdentifyIndex(int Descriptors, int Identities, bool Approximate, double? RecallAt10);

/// <summary>A face's box in image pixels.</summary>
public sealed record IdentifyBox(double X, double Y, double Width, double Height);

/// <summary>
/// A face of the probe with its own answer. AnswerRank is the candidate it answers with (1-based; null when
/// unknown): not always 1, as two faces of one photo never share an identity.
/// </summary>
public sealed record IdentifyFace(int Index, bool Primary, IdentifyBox Box, string Label, bool Unknown, int? AnswerRank, IReadOnlyList<IdentifyCandidate> Candidates);

/// <summary>Time per analysis stage and for the search, in milliseconds.</summary>
public sealed record IdentifyMilliseconds(object Analysis, double Search);
