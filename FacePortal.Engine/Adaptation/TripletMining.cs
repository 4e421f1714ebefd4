namespace FacePortal.Engine.Adaptation;

/// <summary>Which negatives a triplet takes within a P x K batch.</summary>
public enum TripletMining
{
    /// <summary>Per anchor the farthest positive and the nearest negative (Hermans et al., "batch hard").</summary>
    BatchHard,

    /// <summary>Every anchor-positive pair with its nearest negative still farther than the positive (FaceNet's semi-hard).</summary>
    SemiHard,
}
