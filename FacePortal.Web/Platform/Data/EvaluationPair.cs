namespace FacePortal.Web.Platform.Data;

/// <summary>One trial of a pair set: two gallery images, whether they show the same identity, and its fold.</summary>
public sealed class EvaluationPair
{
    public int Id { get; set; }

    public int PairSetId { get; set; }

    /// <summary>Position in the set (the order of the imported file, or of generation).</summary>
    public int Ordinal { get; set; }

    public int Fold { get; set; }

    public bool Same { get; set; }

    public int ImageAId { get; set; }

    public GalleryImage? ImageA { get; set; }

    public int ImageBId { get; set; }

    public GalleryImage? ImageB { get; set; }
}
