namespace FacePortal.Engine.Adaptation;

/// <summary>Epochs before the triplet loss that shape the head with a classification loss over the training identities.</summary>
public enum PretrainingLoss
{
    None,

    /// <summary>Cross-entropy of a cosine classifier over the training identities.</summary>
    Softmax,

    /// <summary>Softmax plus the center loss (each embedding pulled to its identity's learned center).</summary>
    Center,
}
