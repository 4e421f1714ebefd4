using System.Numerics;
using FacePortal.Engine.Alignment;
using FacePortal.Engine.Recognition;

namespace FacePortal.Tests.Engine.Alignment;

public class FivePointAlignerTests
{
    [Fact]
    public void ArcFaceTemplate_112_IsInsightFacesArcfaceDst()
    {
        var t = FivePointAligner.ArcFaceTemplate(112, 112);

        Assert.Equal(new PointD(38.2946, 51.6963), t[0]);
        Assert.Equal(new PointD(70.7299, 92.2041), t[4]);
    }

    [Fact]
    public void ArcFaceTemplate_96x112_IsTheSphereFaceTemplate()
    {
        // SphereFace / CosFace: the same points 8 px to the left.
        var t = FivePointAligner.ArcFaceTemplate(96, 112);

        Assert.Equal(30.2946, t[0].X, 1e-9);
        Assert.Equal(51.6963, t[0].Y, 1e-9);
        Assert.Equal(48.0252, t[2].X, 1e-9);
    }

    [Fact]
    public void ArcFaceTemplate_128_ScalesBy8Over7AboutTheCentre()
    {
        var t = FivePointAligner.ArcFaceTemplate(128, 128);

        Assert.Equal(64 + (38.2946 - 56) * 128 / 112, t[0].X, 1e-9);
        Assert.Equal(51.6963 * 128 / 112, t[0].Y, 1e-9);
    }

    [Fact]
    public void FivePoints_EyeCentresNoseTipMouthCorners()
    {
        var landmarks = Enumerable.Range(0, 68).Select(i => new Vector2(i, 2 * i)).ToArray();

        var p = FivePointAligner.FivePoints(landmarks);

        Assert.Equal(new PointD(38.5, 77), p[0]); // mean of 36..41
        Assert.Equal(new PointD(44.5, 89), p[1]); // mean of 42..47
        Assert.Equal(new PointD(30, 60), p[2]);
        Assert.Equal(new PointD(48, 96), p[3]);
        Assert.Equal(new PointD(54, 108), p[4]);
    }

    [Fact]
    public void ImageToChip_PointsAreASimilarityOfTheTemplate_RecoversItExactly()
    {
        var template = FivePointAligner.ArcFaceTemplate(112, 112);
        var placement = Affine2D.Similarity(2.3, 0.3, 400, 150); // chip -> image
        var landmarks = FivePointLandmarks.From(template.Select(placement.Apply).ToArray());

        var imageToChip = new FivePointAligner(112, 112, template).ImageToChip(landmarks);

        var points = FivePointAligner.FivePoints(landmarks);
        for (var i = 0; i < 5; i++)
        {
            var p = imageToChip.Apply(points[i]);
            // Landmarks are float32.
            Assert.Equal(template[i].X, p.X, 1e-3);
            Assert.Equal(template[i].Y, p.Y, 1e-3);
        }
    }

    [Fact]
    public void Validate_ReferencePointsWithoutTenNumbers_Refused()
    {
        var model = new EmbeddingModelOptions { Name = "m", Path = "m.onnx", InputSize = 112, Alignment = ModelAlignment.ReferencePoints, ReferencePoints = [1, 2, 3] };

        var e = Assert.Throws<ArgumentException>(model.Validate);
        Assert.Contains("10 numbers", e.Message);
    }

    [Fact]
    public void Validate_NonSquareDlibChip_RefusedNamingTheAlternatives()
    {
        var model = new EmbeddingModelOptions { Name = "m", Path = "m.onnx", InputWidth = 96, InputHeight = 112 };

        var e = Assert.Throws<ArgumentException>(model.Validate);
        Assert.Contains("ArcFace or ReferencePoints", e.Message);
        (model with { Alignment = ModelAlignment.ArcFace }).Validate();
    }
}
