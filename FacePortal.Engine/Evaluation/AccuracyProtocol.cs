namespace FacePortal.Engine.Evaluation;

/// <summary>How <see cref="VerificationMetrics.Accuracy"/> was obtained.</summary>
public enum AccuracyProtocol
{
    /// <summary>
    /// LFW protocol: per fold, the best-accuracy threshold of the other folds applied to it; mean and sample std
    /// over the folds.
    /// </summary>
    CrossValidated,

    /// <summary>
    /// Only one fold: the accuracy at the best threshold of that same set (optimistic, the threshold saw the test
    /// data); std 0.
    /// </summary>
    SingleFoldBestThreshold,
}
