namespace FacePortal.Engine.Recognition;

/// <summary>How an embedding model's input is cut from the image: part of the model, as it was trained that way.</summary>
public enum ModelAlignment
{
    /// <summary>dlib's face chip (33 landmarks onto dlib's mean face, padding <see cref="EmbeddingModelOptions.ChipPadding"/>), square.</summary>
    DlibChip,

    /// <summary>
    /// InsightFace's five-point template (ArcFace and its family): eye centres, nose tip and mouth corners mapped by a
    /// similarity onto the 112x112 template, scaled to the input's height and centred on its width (96x112, 128x128...).
    /// </summary>
    ArcFace,

    /// <summary>The same five points onto <see cref="EmbeddingModelOptions.ReferencePoints"/> given in input pixels.</summary>
    ReferencePoints,
}
