namespace FacePortal.Engine.Recognition;

/// <summary>
/// What a model check found: the model as read from its file, the sample, every preprocessing ranked (best first:
/// accuracy, then AUC), whether any works, and the configuration block of the best to paste into appsettings.json.
/// </summary>
public sealed record ModelCheckReport(
    EmbeddingModelOptions Model,
    string Shape,
    string? SizeNote,
    string Sample,
    int Pairs,
    int MatedPairs,
    int Images,
    int ImagesWithoutFace,
    double TargetFar,
    IReadOnlyList<ModelCheckOutcome> Outcomes,
    bool AnyWorks,
    string Recommendation,
    string Configuration,
    TimeSpan Elapsed)
{
    public ModelCheckOutcome Best => Outcomes[0];
}
