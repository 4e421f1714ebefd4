namespace FacePortal.Engine.Adaptation;

/// <summary>The projection head's shape.</summary>
public enum HeadKind
{
    /// <summary>One dense layer d -> k (started at the identity when k = d, so training starts from the base model).</summary>
    Linear,

    /// <summary>Two dense layers d -> hidden -> k with ReLU between.</summary>
    Mlp,
}
