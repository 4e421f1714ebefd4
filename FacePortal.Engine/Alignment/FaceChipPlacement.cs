namespace FacePortal.Engine.Alignment;

/// <summary>
/// Where a face chip lies in the source image.
/// <see cref="Similarity"/> is the least-squares fit from chip coordinates of dlib's mean face to
/// the landmarks; <see cref="ChipToImage"/> is the map the pixels are actually sampled with,
/// built from it the way dlib's chip_details / extract_image_chip do (rotation about the mapped
/// chip centre, extent (size*scale - 1)/(size - 1) per chip pixel): the two differ by about half
/// a pixel. Draw the chip outline in the image with <see cref="ChipToImage"/>.
/// </summary>
public readonly record struct FaceChipPlacement(Affine2D Similarity, Affine2D ChipToImage, int Size)
{
    /// <summary>Rotation of the face in the image, radians (positive: clockwise on screen, as y points down).</summary>
    public double Angle => Similarity.Angle;

    /// <summary>Image pixels per chip pixel.</summary>
    public double Scale => Similarity.Scale;

    /// <summary>The chip's four corners in image coordinates: top-left, top-right, bottom-right, bottom-left.</summary>
    public PointD[] Corners()
    {
        var last = Size - 1;
        return [ChipToImage.Apply(0, 0), ChipToImage.Apply(last, 0), ChipToImage.Apply(last, last), ChipToImage.Apply(0, last)];
    }
}
